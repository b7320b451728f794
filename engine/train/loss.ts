import * as tf from '../tf.js';
import { hasFusedSoftmaxCrossEntropy, softmaxCrossEntropy } from '../backend/softmax-xent.js';

/**
 * Mean cross-entropy, with the targets smoothed toward uniform by `labelSmoothing` ε
 * (y·(1 − ε) + ε/K, as PyTorch's and Keras' label_smoothing). Most graphs end in logits; a graph
 * whose last layer is Softmax yields probabilities, and applying softmax twice would silently
 * flatten the gradients.
 */
export function crossEntropy(labels: tf.Tensor1D, output: tf.Tensor, outputsProbabilities: boolean, labelSmoothing = 0): tf.Scalar {
  // The fused op (one kernel each way) has no smoothing; smoothed targets take TF.js's ops.
  if (labelSmoothing === 0 && !outputsProbabilities && output.rank === 2 && output.dtype === 'float32' && labels.dtype === 'int32' && hasFusedSoftmaxCrossEntropy()) {
    return softmaxCrossEntropy(labels, output as tf.Tensor2D);
  }
  return tf.tidy(() => {
    const classes = output.shape[1] ?? 10;
    const oneHot = tf.oneHot(labels, classes);
    if (!outputsProbabilities) return tf.losses.softmaxCrossEntropy(oneHot, output, undefined, labelSmoothing) as tf.Scalar;
    const targets = labelSmoothing > 0 ? tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / classes) : oneHot;
    const clipped = tf.clipByValue(output, 1e-7, 1);
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.log(clipped)), -1))) as tf.Scalar;
  });
}

export function countCorrect(labels: tf.Tensor1D, output: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(output, -1), labels), 'int32')) as tf.Scalar);
}
