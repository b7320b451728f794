// Training-mode BatchNorm as ONE op with ONE gradient op, where a backend has the kernels
// (engine/backend/native-batchnorm.ts registers them on WASM when the native addon loads).
// The stock path (tf.moments + tf.batchNorm) records ~15 ops whose gradient broadcasts
// through Tile: on ResNet-mini that was over half of a training step. Importing this module
// registers the gradient; the kernels come with the backend.
import * as tf from '../tf.js';

/** Inputs x, gamma, beta, movingMean, movingVariance → outputs y, mean, variance, newMovingMean, newMovingVariance. */
export const BATCHNORM_TRAIN = 'LayerloomBatchNormTrain';
/** Inputs x, dy, y, gamma, mean, variance → outputs dx, dgamma, dbeta. */
export const BATCHNORM_TRAIN_GRAD = 'LayerloomBatchNormTrainGrad';

export interface BatchNormTrainAttrs {
  epsilon: number;
  /** Keras momentum: moving = moving − (moving − batch)·(1 − momentum). */
  momentum: number;
  /** max(·, 0) applied to y, for a ReLU that follows the BatchNorm. */
  relu: boolean;
}

/** Whether the active backend runs training-mode BatchNorm as one fused kernel. */
export function hasFusedBatchNorm(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(BATCHNORM_TRAIN, backend) !== undefined && tf.getKernel(BATCHNORM_TRAIN_GRAD, backend) !== undefined;
}

export interface BatchNormTrainResult {
  y: tf.Tensor;
  /** The moving averages after this batch, to be written back to the layer's variables. */
  movingMean: tf.Tensor1D;
  movingVariance: tf.Tensor1D;
}

/**
 * Normalises x (channels last) with its batch statistics, scales and shifts, and updates the
 * moving averages as Keras does (biased batch variance). Autodiff records one op.
 */
export function batchNormTrain(
  x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, movingMean: tf.Tensor1D, movingVariance: tf.Tensor1D, attrs: BatchNormTrainAttrs,
): BatchNormTrainResult {
  const outputs = tf.engine().runKernel(
    BATCHNORM_TRAIN, { x, gamma, beta, movingMean, movingVariance }, attrs as unknown as tf.NamedAttrMap,
  ) as tf.Tensor[];
  const [y, mean, variance, newMean, newVariance] = outputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor1D, tf.Tensor1D];
  // The batch statistics only feed the gradient, which keeps its own references.
  tf.dispose([mean, variance]);
  return { y, movingMean: newMean, movingVariance: newVariance };
}

tf.registerGradient({
  kernelName: BATCHNORM_TRAIN,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [true, true, true, false, false],
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [x, gamma, y, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [dx, dgamma, dbeta] = tf.engine().runKernel(
      BATCHNORM_TRAIN_GRAD, { x, dy, y, gamma, mean, variance }, attrs as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
    // The moving averages are not trained; they are pruned from the backward pass, but
    // every input needs an entry.
    return {
      x: () => dx, gamma: () => dgamma, beta: () => dbeta,
      movingMean: () => tf.zerosLike(mean), movingVariance: () => tf.zerosLike(variance),
    };
  },
});
