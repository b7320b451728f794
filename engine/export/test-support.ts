import * as tf from '../tf.js';

/**
 * Random values in every weight, biases and BatchNorm statistics included, so a layout mistake
 * anywhere (a swapped axis, a bias on the wrong unit) shows up in the outputs.
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[]; // weights always have a known shape
      return w.originalName.endsWith('moving_variance') ? tf.randomUniform(shape, 0.5, 1.5, 'float32', s++) : tf.randomUniform(shape, -0.5, 0.5, 'float32', s++);
    });
    if (values.length) layer.setWeights(values);
    tf.dispose(values);
  }
}
