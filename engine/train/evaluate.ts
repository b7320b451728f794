import * as tf from '../tf.js';
import type { CifarSplit } from '../data/index.js';
import { createBatchBuffers, fillBatch, imageBytes, splitShape } from '../data/index.js';
import { countCorrect, crossEntropy } from './loss.js';

export interface Evaluation {
  loss: number;
  acc: number;
  count: number;
  /** Predicted class per image, in split order. */
  predictions: Int32Array;
  /** confusion[true][predicted]. */
  confusion: number[][];
  /** Raw model outputs (count × classes), only when asked for with `keepOutputs`. */
  outputs?: Float32Array;
}

/** Inference mode (no dropout, BatchNorm's running stats) over the first `count` images. */
export function evaluateModel(
  model: tf.LayersModel, split: CifarSplit, options: { outputsProbabilities: boolean; batchSize?: number; count?: number; keepOutputs?: boolean; tables?: Float32Array },
): Evaluation {
  const count = Math.min(options.count ?? split.count, split.count);
  const batchSize = options.batchSize ?? 500;
  const shape = splitShape(split);
  const buffers = createBatchBuffers(batchSize, imageBytes(shape));
  // The model decides the class count: CIFAR-10's 10 or an image folder's own.
  const CLASS_COUNT = (model.outputs[0]?.shape.at(-1) as number | null) ?? 10;
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const predictions = new Int32Array(count);
  const confusion = Array.from({ length: CLASS_COUNT }, () => new Array<number>(CLASS_COUNT).fill(0));
  const outputs = options.keepOutputs ? new Float32Array(count * CLASS_COUNT) : undefined;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const batch = fillBatch(split, order, start, batchSize, buffers, options.tables ? { tables: options.tables } : {});
    const [lossValue, correctValue, predicted] = tf.tidy(() => {
      const xs = tf.tensor4d(batch.x, [batch.size, shape.height, shape.width, shape.channels]);
      const labels = tf.tensor1d(batch.y, 'int32');
      const output = model.predict(xs) as tf.Tensor;
      outputs?.set(output.dataSync() as Float32Array, start * CLASS_COUNT);
      return [
        crossEntropy(labels, output, options.outputsProbabilities).dataSync()[0] ?? NaN,
        countCorrect(labels, output).dataSync()[0] ?? 0,
        tf.argMax(output, -1).dataSync() as Int32Array,
      ] as const;
    });
    lossSum += lossValue * batch.size;
    correct += correctValue;
    predictions.set(predicted, start);
    for (let i = 0; i < batch.size; i++) {
      const row = confusion[batch.y[i] as number] as number[];
      const p = predicted[i] as number;
      row[p] = (row[p] ?? 0) + 1;
    }
  }
  return { loss: count ? lossSum / count : NaN, acc: count ? correct / count : NaN, count, predictions, confusion, ...(outputs && { outputs }) };
}

export function perClassAccuracy(confusion: number[][]): number[] {
  return confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? (row[i] ?? 0) / total : 0;
  });
}
