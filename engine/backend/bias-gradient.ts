// The backward pass of a layer's bias and the (leaky) ReLU after it, as conv and dense layers
// train: dz = y > 0 ? dy : alpha·dy, and the bias's gradient Σ dz over every axis but the last.
// Stock TF.js takes Step, Multiply (and a Cast) for the mask and a Sum that reads dz again; on
// WASM with the native kernels it is one pass (engine/native/bias), whatever the channel count
// (LeNet's first layer, [64,28,28,6]: mask 0.10 ms + sum 0.15 ms → 0.11 ms in the profiler).
import * as tf from '../tf.js';
import { leakyReluGrad } from './native-activations.js';

/** Inputs dy and y (the activation's output), attrs { alpha }; outputs [dz, bias gradient]. */
export const ACTIVATION_BIAS_GRAD = 'LayerloomActivationBiasGrad';

export interface ActivationBiasGradAttrs {
  alpha: number;
}

/** [dz, Σ dz over every axis but the last]: the gradients of z and of the bias in y = act(z + bias). */
export function activationBiasGrad(dy: tf.Tensor, y: tf.Tensor, alpha: number): [tf.Tensor, tf.Tensor] {
  if (tf.getKernel(ACTIVATION_BIAS_GRAD, tf.getBackend()) !== undefined && dy.dtype === 'float32' && y.dtype === 'float32' && dy.rank >= 2 && dy.shape.join() === y.shape.join()) {
    const attrs: ActivationBiasGradAttrs = { alpha };
    return tf.engine().runKernel(ACTIVATION_BIAS_GRAD, { dy, y }, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Tensor, tf.Tensor];
  }
  const dz = leakyReluGrad(y, dy, alpha, () => (alpha === 0 ? tf.mul(dy, tf.step(y)) : tf.where(tf.greater(y, 0), dy, tf.mul(dy, alpha))));
  return [dz, tf.sum(dz, [...Array(dz.rank - 1).keys()])];
}
