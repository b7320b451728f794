import * as tf from '../tf.js';
import { countCorrect, crossEntropy } from './loss.js';

/** [height, width, channels] the model's Input takes. */
export function modelImageShape(model: tf.LayersModel): [number, number, number] {
  const [, h, w, c] = model.inputs[0]?.shape ?? [];
  return [h ?? 32, w ?? 32, c ?? 3];
}

/** Only this model's weights: other models may live in the same process (earlier runs, exports). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** One optimizer step on one batch: the batch's mean loss and how many images it got right. */
export function trainStep(
  model: tf.LayersModel, optimizer: tf.Optimizer, batch: { x: Float32Array; y: Int32Array; size: number }, outputsProbabilities: boolean,
  labelSmoothing = 0,
): [number, number] {
  return tf.tidy(() => {
    const xs = tf.tensor4d(batch.x, [batch.size, ...modelImageShape(model)]);
    const labels = tf.tensor1d(batch.y, 'int32');
    let correct: tf.Scalar | undefined;
    const loss = optimizer.minimize(() => {
      const output = model.apply(xs, { training: true }) as tf.Tensor;
      correct = tf.keep(countCorrect(labels, output));
      return crossEntropy(labels, output, outputsProbabilities, labelSmoothing);
    }, true, trainableVariables(model)) as tf.Scalar;
    const result: [number, number] = [loss.dataSync()[0] ?? NaN, correct?.dataSync()[0] ?? 0];
    correct?.dispose();
    return result;
  });
}
