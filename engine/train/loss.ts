import * as tf from '../tf.js';
import { hasFusedSoftmaxCrossEntropy, softmaxCrossEntropy } from '../backend/softmax-xent.js';

/**
 * Mean cross-entropy. Most graphs end in logits; a graph whose last layer is Softmax yields
 * probabilities, and applying softmax twice would silently flatten the gradients.
 */
export function crossEntropy(labels: tf.Tensor1D, output: tf.Tensor, outputsProbabilities: boolean): tf.Scalar {
  if (!outputsProbabilities && output.rank === 2 && output.dtype === 'float32' && labels.dtype === 'int32' && hasFusedSoftmaxCrossEntropy()) {
    return softmaxCrossEntropy(labels, output as tf.Tensor2D);
  }
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, output.shape[1] ?? 10);
    if (!outputsProbabilities) return tf.losses.softmaxCrossEntropy(oneHot, output) as tf.Scalar;
    const clipped = tf.clipByValue(output, 1e-7, 1);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(clipped)), -1))) as tf.Scalar;
  });
}

export function countCorrect(labels: tf.Tensor1D, output: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(output, -1), labels), 'int32')) as tf.Scalar);
}
