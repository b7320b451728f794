import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { startTestBackend } from '../backend/testing/test-backend.js';
import { chain } from '../graph/test-graphs.js';
import { compileGraph } from './compile.js';
import { expectSameGradients, lossGradients } from './test-gradients.js';

const backend = await startTestBackend();

// Image → flatten → dense with a folded ReLU → dense (linear) → output.
const graph = chain(
  ['in', 'input'],
  ['f', 'flatten'],
  ['d1', 'dense', { units: 12, useBias: true }],
  ['r', 'relu'],
  ['d2', 'dense', { units: 10, useBias: true }],
  ['out', 'output'],
);

describe.skipIf(!backend)('Dense in training', () => {
  it('runs one fused kernel per layer, skips the image\'s gradient, and matches the stock layers\' gradients', async () => {
    const x = tf.randomUniform([3, 32, 32, 3], -1, 1, 'float32', 8);
    const labels = tf.tensor1d([1, 4, 9], 'int32');
    const { model } = compileGraph(graph, { seed: 4 });
    const profile = await tf.profile(() => { lossGradients(model, x, labels); });
    const names = profile.kernels.map((k) => k.name);
    expect(names.filter((n) => n === '_FusedMatMul')).toHaveLength(2);
    expect(names).not.toContain('Relu');
    // Products backward: d2's two, d1's weight gradient only (nothing needs d/d(image)).
    expect(names.filter((n) => n === 'BatchMatMul')).toHaveLength(3);

    const input = tf.input({ shape: [32, 32, 3] });
    const stock1 = tf.layers.dense({ units: 12, activation: 'relu', name: 'd1_stock' });
    const stock2 = tf.layers.dense({ units: 10, name: 'd2_stock' });
    const rebuilt = tf.model({ inputs: input, outputs: stock2.apply(stock1.apply(tf.layers.flatten().apply(input))) as tf.SymbolicTensor });
    stock1.setWeights(model.getLayer('d1').getWeights());
    stock2.setWeights(model.getLayer('d2').getWeights());
    expectSameGradients(lossGradients(model, x, labels), lossGradients(rebuilt, x, labels), (ok, what) => expect(ok, what).toBe(true));

    const [ours, theirs] = [model.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
    tf.dispose([x, labels, ours, theirs]);
    model.dispose();
    rebuilt.dispose();
  });
});
