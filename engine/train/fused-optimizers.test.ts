// The fused optimizers against TF.js's own, step by step on the same weights and gradients.
import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeKernels } from '../backend/native-kernels.js';
import { maxAbsDiff, pseudoRandom } from '../backend/testing/util.js';
import { startWasmBackend } from '../backend/wasm-init.js';
import { FusedAdamOptimizer, FusedMomentumOptimizer, fusedOptimizersAvailable } from './fused-optimizers.js';
import { createOptimizer } from './optimizer.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[fused optimizers] SKIPPED: native kernels ${load.reason}`);

const SHAPES = [[400, 120], [120], [5, 5, 3, 6], [70000]]; // the last one is split across threads

/** Runs `steps` updates of the same gradients through both optimizers; returns max |Δ| of the weights. */
function divergence(stock: tf.Optimizer, fused: tf.Optimizer, steps: number, tag: string): number {
  const make = (side: string) =>
    SHAPES.map((shape, i) => tf.variable(tf.tensor(pseudoRandom(shape.reduce((n, d) => n * d, 1), 5 + i), shape), true, `${tag}-${side}-${i}`));
  const a = make('stock');
  const b = make('fused');
  for (let step = 0; step < steps; step++) {
    const grads = SHAPES.map((shape, i) => tf.tensor(pseudoRandom(shape.reduce((n, d) => n * d, 1), 100 * step + i), shape));
    stock.applyGradients(Object.fromEntries(a.map((v, i) => [v.name, grads[i] as tf.Tensor])));
    fused.applyGradients(b.map((v, i) => ({ name: v.name, tensor: grads[i] as tf.Tensor })));
    tf.dispose(grads);
  }
  const worst = Math.max(...a.map((v, i) => maxAbsDiff(v.dataSync(), (b[i] as tf.Variable).dataSync())));
  // The weights moved: a comparison of two optimizers that did nothing would pass too.
  expect(maxAbsDiff((a[0] as tf.Variable).dataSync(), pseudoRandom(400 * 120, 5))).toBeGreaterThan(1e-3);
  tf.dispose([...a, ...b]);
  stock.dispose();
  fused.dispose();
  return worst;
}

describe.skipIf(!load.ok)('fused optimizers (native kernels)', () => {
  beforeAll(async () => {
    await startWasmBackend();
  });

  it('are what createOptimizer gives on WASM with the native kernels', () => {
    expect(fusedOptimizersAvailable()).toBe(true);
    // By constructor: tf.Optimizer's Symbol.hasInstance makes every optimizer `instanceof` any other.
    expect(createOptimizer({ optimizer: 'adam', learningRate: 0.001, momentum: 0 }).constructor).toBe(FusedAdamOptimizer);
    expect(createOptimizer({ optimizer: 'sgd', learningRate: 0.01, momentum: 0.9 }).constructor).toBe(FusedMomentumOptimizer);
    expect(createOptimizer({ optimizer: 'sgd', learningRate: 0.01, momentum: 0 }).constructor).toBe(tf.SGDOptimizer);
  });

  it('Adam matches tf.train.adam over 6 steps, bias correction included', () => {
    expect(divergence(tf.train.adam(0.01), new FusedAdamOptimizer(0.01), 6, 'adam')).toBeLessThanOrEqual(1e-5);
  });

  it('momentum matches tf.train.momentum over 6 steps', () => {
    expect(divergence(tf.train.momentum(0.05, 0.9), new FusedMomentumOptimizer(0.05, 0.9), 6, 'momentum')).toBeLessThanOrEqual(1e-5);
  });

  it('keeps the tensor count flat across steps and frees its state on dispose', () => {
    const before = tf.memory().numTensors;
    const v = tf.tidy(() => tf.variable(tf.ones([3, 4]), true, 'flat-count'));
    const optimizer = new FusedAdamOptimizer(0.1);
    const step = () => tf.tidy(() => optimizer.applyGradients({ [v.name]: tf.fill([3, 4], 0.5) }));
    step();
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(afterFirst);
    optimizer.dispose();
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('createOptimizer without the fused kernels', () => {
  it('gives TF.js’s own optimizers on the pure-JS CPU backend', async () => {
    await tf.setBackend('cpu');
    expect(fusedOptimizersAvailable()).toBe(false);
    expect(createOptimizer({ optimizer: 'adam', learningRate: 0.001, momentum: 0 }).constructor).toBe(tf.AdamOptimizer);
    expect(createOptimizer({ optimizer: 'sgd', learningRate: 0.01, momentum: 0.9 }).constructor).toBe(tf.MomentumOptimizer);
  });
});
