// Tanh and LeakyReLU on the native kernels: the fast loops against their reference, and the
// ops with their gradients on WASM against the stock CPU backend. Skipped where the addon is not built.
import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeKernels } from './native-kernels.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';
import { startWasmBackend } from './wasm-init.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[native activations] SKIPPED: ${load.reason}`);

describe.skipIf(!load.ok)('native activations', () => {
  beforeAll(async () => {
    await startWasmBackend();
  });

  it.each([
    { op: 0, name: 'tanh', tol: 5e-7 },
    { op: 1, name: 'leakyRelu', tol: 0 },
    { op: 2, name: 'leakyRelu gradient', tol: 0 },
    { op: 3, name: 'add', tol: 0 },
  ])('fast $name matches its reference on lengths 1, 7, 100003 and large inputs', ({ op, tol }) => {
    const native = load.ok ? load.kernels : (undefined as never);
    for (const n of [1, 7, 100003]) {
      const x = pseudoRandom(n, n).map((v, i) => (i % 5 === 0 ? v * 40 : v * 3));
      const dy = op >= 2 ? pseudoRandom(n, 2 * n) : null;
      const [fast, ref] = [new Float32Array(n), new Float32Array(n)];
      native.activation(Float32Array.of(op, 0.15, 0), x, dy, fast);
      native.activation(Float32Array.of(op, 0.15, 1), x, dy, ref);
      expect(maxAbsDiff(fast, ref)).toBeLessThanOrEqual(tol);
    }
    expect(() => native.activation(Float32Array.of(2, 0.1, 0), new Float32Array(3), null, new Float32Array(3))).toThrow(/dy/);
  });

  it.each([
    { name: 'tanh', f: (x: tf.Tensor) => tf.tanh(x) },
    { name: 'leakyRelu', f: (x: tf.Tensor) => tf.leakyRelu(x, 0.2) },
    // Exact zeros: the gradient's edge, dy·0 there as the stock Step·Multiply gives.
    { name: 'relu', f: (x: tf.Tensor) => tf.relu(tf.mul(x, tf.tensor4d(pseudoRandom(x.size, 3).map((v) => (v > 0.3 ? 0 : 1)), x.shape as [number, number, number, number]))) },
    { name: 'a residual add (same shapes) and a bias add', f: (x: tf.Tensor) => tf.add(tf.add(x, tf.sin(x)), tf.tensor1d([0.5, -1, 2])) },
  ])('$name and its gradient match the CPU backend', async ({ f }) => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(pseudoRandom(2 * 5 * 5 * 3, 9).map((v) => v * 4), [2, 5, 5, 3]);
        const w = tf.tensor4d(pseudoRandom(2 * 5 * 5 * 3, 10), [2, 5, 5, 3]);
        const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => tf.sum(tf.mul(f(v), w)))(x);
        return [f(x).dataSync(), grad.dataSync(), value.dataSync()];
      });
    };
    const [stock, fast] = [await run('cpu'), await run('wasm')];
    stock.forEach((want, i) => expect(maxAbsDiff(fast[i] as Float32Array, want)).toBeLessThanOrEqual(1e-5));
  });
});
