import type * as tf from '../tf.js';
import type { TrainingConfig } from '../project/schema.js';
import type { ScheduledOptimizer } from './fused-optimizers.js';
import { AdamOptimizer, RmspropOptimizer, SgdOptimizer } from './fused-optimizers.js';

export type TrainOptimizer = tf.Optimizer & ScheduledOptimizer;

type OptimizerSettings = Pick<TrainingConfig, 'optimizer' | 'learningRate' | 'momentum'> & Partial<Pick<TrainingConfig, 'nesterov' | 'weightDecay'>>;

/**
 * PyTorch's update rules by name (SGD momentum as torch.optim.SGD, AdamW decoupled), using the
 * fused one-kernel-per-weight updates where the backend has them (native kernels).
 * Create it after the backend is selected.
 */
export function createOptimizer(config: OptimizerSettings): TrainOptimizer {
  const weightDecay = config.weightDecay ?? 0;
  switch (config.optimizer) {
    case 'sgd':
      return new SgdOptimizer(config.learningRate, { momentum: config.momentum, nesterov: config.nesterov ?? false, weightDecay });
    case 'adam':
      return new AdamOptimizer(config.learningRate, { weightDecay });
    case 'adamw':
      return new AdamOptimizer(config.learningRate, { weightDecay, decoupled: true });
    case 'rmsprop':
      return new RmspropOptimizer(config.learningRate, config.momentum, weightDecay);
  }
}
