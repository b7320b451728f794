import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../project/schema.js';

/** PyTorch-compatible semantics where they differ by name: SGD momentum is TF's Momentum optimizer. */
export function createOptimizer(config: Pick<TrainingConfig, 'optimizer' | 'learningRate' | 'momentum'>): tf.Optimizer {
  switch (config.optimizer) {
    case 'sgd':
      return config.momentum > 0 ? tf.train.momentum(config.learningRate, config.momentum) : tf.train.sgd(config.learningRate);
    case 'adam':
      return tf.train.adam(config.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, 0.9, config.momentum);
  }
}
