import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { LAYERLOOM_DROPOUT } from '../backend/native-dropout.js';
import { startTestBackend } from '../backend/testing/test-backend.js';
import { callSeed, dropout } from './dropout-layer.js';

const backend = await startTestBackend();

/** y and dL/dx for L = Σ y·w through one training call of the layer. */
function trainingCall(layer: ReturnType<typeof dropout>, x: tf.Tensor, w: tf.Tensor): { y: Float32Array; dx: Float32Array } {
  let y: Float32Array = new Float32Array();
  const dx = tf.grad((input: tf.Tensor) => {
    const out = layer.apply(input, { training: true }) as tf.Tensor;
    y = out.dataSync() as Float32Array;
    return tf.sum(tf.mul(out, w));
  })(x);
  const values = dx.dataSync() as Float32Array;
  dx.dispose();
  return { y, dx: values };
}

describe.skipIf(!backend)('Dropout in training', () => {
  it('drops about rate of the values, scales the rest, passes the gradient through the same mask, and draws a new mask per step', async () => {
    const n = 64 * 1024;
    const x = tf.add(tf.randomUniform([64, 1024], 0, 1, 'float32', 3), 1); // no zeros of its own
    const w = tf.randomUniform([64, 1024], -1, 1, 'float32', 4);
    const layer = dropout({ rate: 0.25, seed: 11 });
    const xv = x.dataSync();
    const wv = w.dataSync();
    const profile = await tf.profile(() => { trainingCall(layer, x, w); });
    if (tf.getKernel(LAYERLOOM_DROPOUT, tf.getBackend()) !== undefined) {
      expect(profile.kernels.filter((k) => k.name === LAYERLOOM_DROPOUT)).toHaveLength(2); // forward, and the gradient
    }
    const first = trainingCall(layer, x, w);
    const second = trainingCall(layer, x, w);
    const scale = 1 / 0.75;
    for (const { y, dx } of [first, second]) {
      const kept = y.reduce((k, v) => k + (v !== 0 ? 1 : 0), 0);
      expect(Math.abs(kept / n - 0.75)).toBeLessThan(0.01);
      y.forEach((v, i) => {
        const keptHere = v !== 0;
        if (keptHere && Math.abs(v - (xv[i] as number) * scale) > 1e-5) throw new Error(`y[${i}] = ${v}, not x·${scale}`);
        const expected = keptHere ? (wv[i] as number) * scale : 0;
        if (Math.abs((dx[i] as number) - expected) > 1e-5) throw new Error(`dx[${i}] = ${dx[i]}, expected ${expected}`);
      });
    }
    const sameMask = first.y.reduce((k, v, i) => k + ((v === 0) === (second.y[i] === 0) ? 1 : 0), 0);
    expect(sameMask / n, 'two steps share a mask only by chance').toBeLessThan(0.7);

    // A seeded layer repeats its sequence of masks from the start; inference is the identity.
    const again = dropout({ rate: 0.25, seed: 11 });
    trainingCall(again, x, w);
    expect(Array.from(trainingCall(again, x, w).y)).toEqual(Array.from(first.y));
    const inference = again.apply(x) as tf.Tensor;
    expect(Array.from(inference.dataSync())).toEqual(Array.from(xv));
    tf.dispose([x, w, inference]);
  });

  it('spreads nearby seeds and calls over all 32 bits', () => {
    const seeds = new Set<number>();
    for (let base = 0; base < 20; base++) for (let call = 0; call < 50; call++) seeds.add(callSeed(base, call));
    expect(seeds.size).toBe(1000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    expect(Math.max(...seeds)).toBeGreaterThan(2 ** 31);
  });
});
