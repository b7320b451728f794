import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { LAYERLOOM_DENSE } from '../backend/native-kernels.js';
import { startTestBackend } from '../backend/testing/test-backend.js';
import { chain } from '../graph/test-graphs.js';
import { compileGraph } from './compile.js';
import { expectSameGradients, lossGradients as gradients } from './test-gradients.js';

const backend = await startTestBackend();

// Image → flatten → dense with a folded ReLU → dense without bias (linear) → dense → head: the
// first dense layer's input gradient is not needed, the others' are.
const graph = chain(
  ['in', 'input'],
  ['f', 'flatten'],
  ['fc1', 'dense', { units: 24, useBias: true }],
  ['r1', 'relu'],
  ['fc2', 'dense', { units: 13, useBias: false }],
  ['fc3', 'dense', { units: 10, useBias: true }],
  ['out', 'output'],
);

describe.skipIf(!backend)('Dense in training', () => {
  it('runs one kernel per layer where the backend has it, skips the image\'s gradient, and matches the stock layers\' gradients', async () => {
    const x = tf.randomUniform([5, 32, 32, 3], -1, 1, 'float32', 5);
    const labels = tf.tensor1d([3, 7, 0, 9, 3], 'int32');
    const { model } = compileGraph(graph, { seed: 2 });
    const profile = await tf.profile(() => { gradients(model, x, labels); });
    const names = profile.kernels.map((k) => k.name);
    if (tf.getKernel(LAYERLOOM_DENSE, tf.getBackend()) !== undefined) {
      expect(names.filter((n) => n === LAYERLOOM_DENSE)).toHaveLength(3);
      // Two products per layer backward, less the first layer's input gradient; the ReLU's mask
      // and bias sum are one kernel, and no separate bias add, ReLU, Step or Sum runs.
      expect(names.filter((n) => n === 'BatchMatMul')).toHaveLength(5);
      for (const stock of ['Relu', 'Step', 'Add', '_FusedMatMul']) expect(names).not.toContain(stock);
    }

    // The same weights through stock Dense layers: same gradients (float rounding apart).
    const mine = gradients(model, x, labels);
    const input = tf.input({ shape: [32, 32, 3] });
    const stockLayers = [
      tf.layers.flatten(),
      tf.layers.dense({ units: 24, activation: 'relu', name: 'fc1_stock' }),
      tf.layers.dense({ units: 13, useBias: false, name: 'fc2_stock' }),
      tf.layers.dense({ units: 10, name: 'fc3_stock' }),
    ];
    let y: tf.SymbolicTensor = input;
    for (const layer of stockLayers) y = layer.apply(y) as tf.SymbolicTensor;
    const rebuilt = tf.model({ inputs: input, outputs: y });
    for (const name of ['fc1', 'fc2', 'fc3']) rebuilt.getLayer(`${name}_stock`).setWeights(model.getLayer(name).getWeights());
    const reference = gradients(rebuilt, x, labels);
    expectSameGradients(mine, reference, (ok, what) => expect(ok, what).toBe(true));

    // Inference is the stock layer's own path: bit-identical outputs.
    const [ours, theirs] = [model.predict(x) as tf.Tensor, rebuilt.predict(x) as tf.Tensor];
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
    tf.dispose([ours, theirs, x, labels]);
    model.dispose();
    rebuilt.dispose();
  });
});
