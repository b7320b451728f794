// The fused softmax cross-entropy (one op, one-multiply gradient) against TF.js's stock ops
// on the CPU backend: loss and gradient, on random logits including large ones.
import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from '../train/loss.js';
import { hasFusedSoftmaxCrossEntropy, SOFTMAX_XENT } from './softmax-xent.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';
import { startWasmBackend } from './wasm-init.js';

const CASES = [
  { label: '1 row, 2 classes', rows: 1, classes: 2, scale: 1 },
  { label: '64 × 10', rows: 64, classes: 10, scale: 3 },
  { label: '7 × 3, logits up to ±80', rows: 7, classes: 3, scale: 80 },
];

async function lossAndGradient(backend: 'cpu' | 'wasm', c: (typeof CASES)[number]) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const logits = tf.variable(tf.tensor2d(pseudoRandom(c.rows * c.classes, 3).map((v) => v * c.scale), [c.rows, c.classes]));
    const labels = tf.tensor1d(Array.from({ length: c.rows }, (_, i) => (i * 7) % c.classes), 'int32');
    const { value, grads } = tf.variableGrads(() => crossEntropy(labels, logits, false), [logits]);
    return { loss: value.dataSync()[0] as number, gradient: (grads[logits.name] as tf.Tensor).dataSync() };
  });
}

describe('fused softmax cross-entropy', () => {
  beforeAll(async () => {
    await startWasmBackend();
  });

  it('is what the WASM backend trains with', async () => {
    await tf.setBackend('wasm');
    expect(hasFusedSoftmaxCrossEntropy()).toBe(true);
    const info = await tf.profile(() => {
      const logits = tf.variable(tf.zeros([4, 10]));
      const { value, grads } = tf.variableGrads(() => crossEntropy(tf.tensor1d([1, 2, 3, 4], 'int32'), logits, false), [logits]);
      tf.dispose([logits, value, ...Object.values(grads)]);
    });
    expect(info.kernelNames).toContain(SOFTMAX_XENT);
    for (const stock of ['OneHot', 'Exp', 'Log', 'Max']) expect(info.kernelNames).not.toContain(stock);
  });

  it.each(CASES)('matches the stock ops on the CPU backend: $label', async (c) => {
    const stock = await lossAndGradient('cpu', c);
    const fused = await lossAndGradient('wasm', c);
    expect(Math.abs(fused.loss - stock.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(stock.loss)));
    expect(maxAbsDiff(fused.gradient, stock.gradient)).toBeLessThanOrEqual(1e-6);
  });

  it('refuses a label outside the classes, naming it', async () => {
    await tf.setBackend('wasm');
    expect(() => crossEntropy(tf.tensor1d([0, 12], 'int32'), tf.zeros([2, 10]), false)).toThrow(/label 12 of row 1/);
  });
});
