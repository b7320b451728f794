import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { startTestBackend } from '../backend/testing/test-backend.js';
import { chain } from '../graph/test-graphs.js';
import { compileGraph } from './compile.js';
import { expectSameGradients, lossGradients as gradients } from './test-gradients.js';

const backend = await startTestBackend();

// Image → conv (linear: BatchNorm follows) → BN → ReLU → conv with bias and a folded ReLU →
// head. Only the second conv's input gradient is used.
const graph = chain(
  ['in', 'input'],
  ['c1', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same', useBias: true }],
  ['bn', 'batchnorm'],
  ['r', 'relu'],
  ['c2', 'conv2d', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: true }],
  ['r2', 'relu'],
  ['f', 'flatten'],
  ['fc', 'dense', { units: 10 }],
  ['out', 'output'],
);

describe.skipIf(!backend)('Conv2D in training', () => {
  it('runs one fused kernel per layer, skips the image\'s gradient, and matches the stock layer\'s gradients', async () => {
    const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5);
    const labels = tf.tensor1d([3, 7], 'int32');
    const { model } = compileGraph(graph, { seed: 2 });
    const profile = await tf.profile(() => { gradients(model, x, labels); });
    const names = profile.kernels.map((k) => k.name);
    expect(profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput').map((k) => k.inputShapes[0])).toEqual([[2, 16, 16, 4]]);
    expect(names.filter((n) => n === 'FusedConv2D')).toHaveLength(2);
    // No unfused bias add or ReLU pass for the conv: its ReLU is inside the kernel.
    expect(names).not.toContain('Relu');
    expect(names).not.toContain('Conv2D');

    // The same weights through the stock Conv2D layer: same gradients (float rounding apart).
    const mine = gradients(model, x, labels);
    const stock = compileGraph(graph, { seed: 2 }).model;
    const stock1 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: true, name: 'c1_stock' });
    const stock2 = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: true, activation: 'relu', name: 'c2_stock' });
    const input = tf.input({ shape: [32, 32, 3] });
    let y = stock1.apply(input) as tf.SymbolicTensor;
    for (const layer of [stock.getLayer('bn'), stock.getLayer('r'), stock2, stock.getLayer('f'), stock.getLayer('fc')]) y = layer.apply(y) as tf.SymbolicTensor;
    const rebuilt = tf.model({ inputs: input, outputs: y });
    stock1.setWeights(model.getLayer('c1').getWeights());
    stock2.setWeights(model.getLayer('c2').getWeights());
    stock.getLayer('bn').setWeights(model.getLayer('bn').getWeights());
    stock.getLayer('fc').setWeights(model.getLayer('fc').getWeights());
    const reference = gradients(rebuilt, x, labels);
    expectSameGradients(mine, reference, (ok, what) => expect(ok, what).toBe(true));

    // Inference is the stock layer's own path: bit-identical outputs (each training pass above
    // moved its own BatchNorm's moving averages, so those are aligned first).
    stock.getLayer('bn').setWeights(model.getLayer('bn').getWeights());
    const [ours, theirs] = [model.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
    tf.dispose([ours, theirs]);
    tf.dispose([x, labels]);
    model.dispose();
    stock.dispose();
    rebuilt.dispose();
  });
});
