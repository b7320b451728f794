// What every check of an export needs: the same images, TF.js's outputs for them, and a distance.
import * as tf from '../tf.js';
import type { CifarSplit } from '../data/index.js';
import { fillBatch, imageBytes, splitShape } from '../data/index.js';
import { modelImageShape } from '../train/step.js';

/** The first `count` images of a split, normalized NHWC as TF.js takes them. */
export function splitImages(split: CifarSplit, count: number): Float32Array {
  const n = Math.min(count, split.count);
  return fillBatch(split, Uint32Array.from({ length: n }, (_, i) => i), 0, n).x.slice(0, n * imageBytes(splitShape(split)));
}

/** TF.js's output for NHWC images: the reference every other runtime is compared with. */
export function tfjsOutputs(model: tf.LayersModel, nhwc: Float32Array, count: number): Float32Array {
  return tf.tidy(() => new Float32Array((model.predict(tf.tensor4d(nhwc, [count, ...modelImageShape(model)])) as tf.Tensor).dataSync()));
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
