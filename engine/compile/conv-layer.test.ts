import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { startTestBackend } from '../backend/testing/test-backend.js';
import { chain } from '../graph/test-graphs.js';
import { trainableVariables } from '../train/step.js';
import { crossEntropy } from '../train/loss.js';
import { compileGraph } from './compile.js';

const backend = await startTestBackend();

// Image → conv (linear: BatchNorm follows, so the stock layer would take the fused op) → BN →
// ReLU → conv → head. Only the second conv's input gradient is used.
const graph = chain(
  ['in', 'input'],
  ['c1', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same', useBias: true }],
  ['bn', 'batchnorm'],
  ['r', 'relu'],
  ['c2', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same', useBias: false }],
  ['f', 'flatten'],
  ['fc', 'dense', { units: 10 }],
  ['out', 'output'],
);

/** The loss gradient of each trainable weight, in the model's weight order. */
function gradients(model: tf.LayersModel, x: tf.Tensor, labels: tf.Tensor1D): Float32Array[] {
  const variables = trainableVariables(model);
  const { grads } = tf.variableGrads(() => crossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor, false, 0), variables);
  const values = variables.map((v) => grads[v.name]?.dataSync() as Float32Array);
  tf.dispose(Object.values(grads));
  return values;
}

describe.skipIf(!backend)('a convolution on the image', () => {
  it('computes no input gradient, and its weight gradients are the stock layer\'s', async () => {
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5);
    const labels = tf.tensor1d([3, 7], 'int32');
    const { model } = compileGraph(graph, { seed: 2 });
    const profile = await tf.profile(() => { gradients(model, x, labels); });
    const inputGrads = profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput');
    expect(inputGrads.map((k) => k.inputShapes[0])).toEqual([[2, 32, 32, 4]]);
    expect(profile.kernels.some((k) => k.name === 'FusedConv2D' && k.inputShapes[0]?.[3] === 3)).toBe(false);

    // The same weights through the stock Conv2D layer: same gradients (float rounding apart).
    const mine = gradients(model, x, labels);
    const stock = compileGraph(graph, { seed: 2 }).model;
    const stockLayer = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: true, name: 'c1_stock' });
    const input = tf.input({ shape: [32, 32, 3] });
    let y = stockLayer.apply(input) as tf.SymbolicTensor;
    for (const name of ['bn', 'r', 'c2', 'f', 'fc']) y = stock.getLayer(name).apply(y) as tf.SymbolicTensor;
    const rebuilt = tf.model({ inputs: input, outputs: y });
    stockLayer.setWeights(model.getLayer('c1').getWeights());
    stock.getLayer('bn').setWeights(model.getLayer('bn').getWeights());
    stock.getLayer('c2').setWeights(model.getLayer('c2').getWeights());
    stock.getLayer('fc').setWeights(model.getLayer('fc').getWeights());
    const reference = gradients(rebuilt, x, labels);
    expect(reference.length).toBe(mine.length);
    mine.forEach((values, i) => {
      const other = reference[i] as Float32Array;
      expect(values.length).toBe(other.length);
      values.forEach((v, j) => expect(Math.abs(v - (other[j] ?? NaN))).toBeLessThan(1e-5 + 1e-4 * Math.abs(v)));
    });

    // Inference takes the stock fused op (bit-identical to a reloaded export).
    const inference = await tf.profile(() => { tf.dispose(model.predict(x)); });
    expect(inference.kernels.some((k) => k.name === 'FusedConv2D' && k.inputShapes[0]?.[3] === 3)).toBe(true);
    tf.dispose([x, labels]);
    model.dispose();
    stock.dispose();
    rebuilt.dispose();
  });
});
