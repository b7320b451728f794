import * as tf from '../tf.js';
import type { TrainingConfig } from '../project/schema.js';
import { FusedAdamOptimizer, FusedMomentumOptimizer, fusedOptimizersAvailable } from './fused-optimizers.js';

/**
 * PyTorch-compatible semantics where they differ by name: SGD momentum is TF's Momentum
 * optimizer. Adam and momentum use the fused one-kernel-per-weight updates where the backend
 * has them (native kernels), TF.js's own otherwise; both compute the same thing.
 * Create it after the backend is selected.
 */
export function createOptimizer(config: Pick<TrainingConfig, 'optimizer' | 'learningRate' | 'momentum'>): tf.Optimizer {
  const fused = fusedOptimizersAvailable();
  switch (config.optimizer) {
    case 'sgd':
      if (config.momentum === 0) return tf.train.sgd(config.learningRate);
      return fused ? new FusedMomentumOptimizer(config.learningRate, config.momentum) : tf.train.momentum(config.learningRate, config.momentum);
    case 'adam':
      return fused ? new FusedAdamOptimizer(config.learningRate) : tf.train.adam(config.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, 0.9, config.momentum);
  }
}
