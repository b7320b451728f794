import * as tf from '../tf.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { isOurKernel } from './kernel-override.js';
import { expectFilterGradMatches, expectInputGradMatches, FILTER_GRAD_CASES, prepareCase, runFilterGrad } from './testing/conv-cases.js';
import { expectedMatMul, MATMUL_CASES } from './testing/matmul-cases.js';
import { MAXPOOL_CASES, maxPoolGradError } from './testing/maxpool-cases.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';
import { startWasmBackend } from './wasm-init.js';
import { registerWasmKernelPatches } from './wasm-kernels.js';

// The WASM patches alone: the native kernels (native-kernels.test.ts) would sit in front.
beforeAll(async () => {
  vi.stubEnv('LAYERLOOM_NATIVE', 'off');
  await startWasmBackend();
});

describe('wasm kernel patches', () => {
  it('are registered once, on the wasm backend', () => {
    expect(tf.getBackend()).toBe('wasm');
    const kernels = [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.BatchMatMul, tf.MaxPoolGrad, tf.Identity, tf.Cast];
    const before = kernels.map((k) => tf.getKernel(k, 'wasm'));
    registerWasmKernelPatches();
    const after = kernels.map((k) => tf.getKernel(k, 'wasm'));
    expect(after).toEqual(before);
    for (const kernel of after) expect(isOurKernel(kernel)).toBe(true);
  });
});

describe('wasm Conv2DBackpropFilter (forward conv of transposed tensors)', () => {
  it.each(FILTER_GRAD_CASES)('matches the definition: $label', (c) => {
    expectFilterGradMatches(c);
  });

  it('frees its intermediates (transposes, conv, slice)', () => {
    const c = FILTER_GRAD_CASES.find((k) => k.label.includes('extra rows'));
    if (c === undefined) throw new Error('case missing');
    const p = prepareCase(c);
    runFilterGrad(c, p); // warm-up: the first call may set up XNNPACK state
    const before = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) runFilterGrad(c, p);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});

describe('wasm Conv2DBackpropInput (stride 1: forward conv with the rotated filter)', () => {
  // Stride-2 cases take the stock kernel; they stay here to pin the fallback.
  it.each(FILTER_GRAD_CASES)('matches the definition: $label', (c) => {
    expectInputGradMatches(c);
  });
});

describe('wasm BatchMatMul with transposed operands', () => {
  it.each(MATMUL_CASES)('matches the definition: a $a (T=$tA) · b $b (T=$tB)', (c) => {
    const av = pseudoRandom(c.a.reduce((n, d) => n * d, 1), 3);
    const bv = pseudoRandom(c.b.reduce((n, d) => n * d, 1), 7);
    const got = tf.tidy(() => tf.matMul(tf.tensor(av, c.a), tf.tensor(bv, c.b), c.tA, c.tB));
    expect(maxAbsDiff(got.dataSync(), expectedMatMul(c, av, bv))).toBeLessThanOrEqual(1e-4);
    got.dispose();
  });
});

describe('wasm MaxPoolGrad', () => {
  it.each(MAXPOOL_CASES)('matches the definition (incl. all-negative windows): $label', (c) => {
    expect(maxPoolGradError(c)).toBeLessThanOrEqual(1e-6);
  });
});

describe('wasm Identity and same-dtype Cast (share the data instead of copying it)', () => {
  it('returns the same values, which outlive the original, and frees them with the last user', () => {
    const before = tf.engine().backend.numDataIds();
    const values = pseudoRandom(2 * 3 * 4 * 5, 23);
    const x = tf.tensor4d(values, [2, 3, 4, 5]);
    const y = tf.clone(x); // clone runs the Identity kernel
    const z = tf.tidy(() => tf.add(x, 0).clone()); // Identity of an intermediate
    const c = tf.cast(x, 'float32'); // same dtype: shared
    x.dispose();
    expect(c.dtype).toBe('float32');
    expect(maxAbsDiff(c.dataSync(), values)).toBe(0);
    c.dispose();
    expect(y.shape).toEqual([2, 3, 4, 5]);
    expect(maxAbsDiff(y.dataSync(), values)).toBe(0);
    expect(maxAbsDiff(z.dataSync(), values)).toBe(0);
    y.dispose();
    z.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });

  it('still converts when the dtype changes (stock Cast)', () => {
    const x = tf.tensor1d([1.7, -2.2, 0, 3]);
    const i = tf.cast(x, 'int32');
    const back = tf.cast(i, 'float32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 0, 3]);
    expect(back.dtype).toBe('float32');
    expect(Array.from(back.dataSync())).toEqual([1, -2, 0, 3]);
    tf.dispose([x, i, back]);
  });

  it('keeps gradients through identity-using ops intact', () => {
    const values = pseudoRandom(12, 31);
    const v = tf.tensor2d(values, [3, 4]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.clone(t), t)))(v);
    expect(maxAbsDiff(g.dataSync(), values.map((a) => 2 * a))).toBeLessThanOrEqual(1e-6);
    tf.dispose([v, g]);
  });
});
