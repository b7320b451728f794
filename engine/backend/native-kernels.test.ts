// The native kernels against the definitions, through TF.js as training calls them. Skipped,
// with the reason printed, where the addon is not built (no C++ compiler); CI builds it with
// `engine/native/build.mjs --required`, so there they always run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOurKernel } from './kernel-override.js';
import { ACTIVATION_BIAS_GRAD } from './bias-gradient.js';
import { LAYERLOOM_DENSE, loadNativeKernels, registerNativeKernels } from './native-kernels.js';
import { expectedConv, expectFilterGradMatches, expectInputGradMatches, FILTER_GRAD_CASES, type FilterGradCase, prepareCase } from './testing/conv-cases.js';
import { expectedMatMul, MATMUL_CASES } from './testing/matmul-cases.js';
import { avgPoolGradError, MAXPOOL_CASES, maxPoolError, maxPoolGradError } from './testing/maxpool-cases.js';
import { expectSameGradients, tinyNetGradients } from './testing/tiny-net.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';
import { startWasmBackend } from './wasm-init.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[native kernels] SKIPPED: ${load.reason}`);

const size = (shape: number[]) => shape.reduce((n, d) => n * d, 1);

describe.skipIf(!load.ok)('native kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    reference = tinyNetGradients(); // stock pure-JS kernels, before any of ours
    const start = await startWasmBackend();
    expect(start.notes[0]).toMatch(/^native kernels on/);
  });
  let reference: Float32Array[] = [];

  it('sit in front of the WASM patches, registered once', () => {
    const names = [tf.Conv2D, tf.FusedConv2D, tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.MaxPool, tf.MaxPoolGrad, tf.AvgPoolGrad, tf.BatchMatMul, tf._FusedMatMul, tf.Add, tf.Sum];
    const before = names.map((k) => tf.getKernel(k, 'wasm'));
    registerNativeKernels();
    expect(names.map((k) => tf.getKernel(k, 'wasm'))).toEqual(before);
    for (const kernel of before) expect(isOurKernel(kernel, 'native')).toBe(true);
    expect(isOurKernel(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm'), 'patch')).toBe(true); // the fallback
  });

  describe('conv2d forward', () => {
    it.each(FILTER_GRAD_CASES)('matches the definition: $label', (c) => {
      const p = prepareCase(c);
      const filter = pseudoRandom(size(p.filterShape), 43);
      const y = tf.tidy(() => tf.conv2d(tf.tensor4d(p.xValues, c.x), tf.tensor4d(filter, p.filterShape), c.strides, c.pad));
      expect(y.shape).toEqual(p.dyShape);
      expect(maxAbsDiff(y.dataSync(), expectedConv(c, p, filter))).toBeLessThanOrEqual(1e-4);
      y.dispose();
    });

    // TF.js's definitions (tfjs-core fused_util); prelu stays on WASM.
    const ACTIVATIONS: [tf.fused.Activation, (v: number) => number][] = [
      ['relu', (v) => Math.max(v, 0)],
      ['relu6', (v) => Math.min(Math.max(v, 0), 6)],
      ['elu', (v) => (v > 0 ? v : Math.expm1(v))],
      ['leakyrelu', (v) => (v < 0 ? 0.3 * v : v)],
      ['sigmoid', (v) => 1 / (1 + Math.exp(-v))],
    ];
    it.each(FILTER_GRAD_CASES)('with bias and each fused activation folded in (inference): $label', (c) => {
      const p = prepareCase(c);
      const filter = pseudoRandom(size(p.filterShape), 47);
      const bias = pseudoRandom(c.outChannels, 53);
      const linear = expectedConv(c, p, filter, { bias });
      for (const [activation, definition] of ACTIVATIONS) {
        const y = tf.tidy(() =>
          tf.fused.conv2d({
            x: tf.tensor4d(p.xValues, c.x),
            filter: tf.tensor4d(filter, p.filterShape),
            strides: c.strides,
            pad: c.pad,
            bias: tf.tensor1d(bias),
            activation,
            leakyreluAlpha: 0.3,
          }),
        );
        expect(maxAbsDiff(y.dataSync(), linear.map(definition)), activation).toBeLessThanOrEqual(1e-4);
        y.dispose();
      }
    });

    it('leaves dilated convs to the WASM kernel, with the same result as the dilated filter spelled out', () => {
      const x = tf.tensor4d(pseudoRandom(2 * 9 * 9 * 3, 5), [2, 9, 9, 3]);
      const filter = pseudoRandom(3 * 3 * 3 * 4, 7);
      const spread = new Float32Array(5 * 5 * 3 * 4); // 3×3 dilated by 2 = 5×5 with zeros between
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          for (let q = 0; q < 12; q++) spread[((2 * i * 5 + 2 * j) * 12) + q] = filter[(i * 3 + j) * 12 + q] as number;
      const dilated = tf.conv2d(x, tf.tensor4d(filter, [3, 3, 3, 4]), 1, 'valid', 'NHWC', 2);
      const spelled = tf.conv2d(x, tf.tensor4d(spread, [5, 5, 3, 4]), 1, 'valid');
      expect(maxAbsDiff(dilated.dataSync(), spelled.dataSync())).toBeLessThanOrEqual(1e-5);
      tf.dispose([x, dilated, spelled]);
    });
  });

  describe('conv2d gradients', () => {
    it.each(FILTER_GRAD_CASES)('filter gradient matches the definition: $label', (c) => {
      expectFilterGradMatches(c);
    });

    it.each(FILTER_GRAD_CASES)('input gradient matches the definition: $label', (c) => {
      expectInputGradMatches(c);
    });
  });

  it('agrees with the definitions on 40 random geometries (sizes, kernels, strides, pads, channels)', () => {
    let seed = 12345;
    const pick = (lo: number, hi: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return lo + (seed % (hi - lo + 1));
    };
    for (let n = 0; n < 40; n++) {
      const [kh, kw] = [pick(1, 5), pick(1, 5)];
      const c: FilterGradCase = {
        label: `random ${n}`,
        x: [pick(1, 3), pick(kh, 12), pick(kw, 12), pick(1, 19)],
        kernel: [kh, kw],
        outChannels: pick(1, 35),
        strides: [pick(1, 3), pick(1, 3)],
        pad: pick(0, 1) === 0 ? 'valid' : 'same',
      };
      const p = prepareCase(c);
      const filter = pseudoRandom(size(p.filterShape), 60 + n);
      const y = tf.tidy(() => tf.conv2d(tf.tensor4d(p.xValues, c.x), tf.tensor4d(filter, p.filterShape), c.strides, c.pad));
      const where = JSON.stringify(c);
      expect(maxAbsDiff(y.dataSync(), expectedConv(c, p, filter)), `forward ${where}`).toBeLessThanOrEqual(1e-4);
      y.dispose();
      expectFilterGradMatches(c, p, `filter gradient ${where}`);
      expectInputGradMatches(c, p, filter, `input gradient ${where}`);
    }
  });

  it.each(MATMUL_CASES)('matMul matches the definition: a $a (T=$tA) · b $b (T=$tB)', (c) => {
    const av = pseudoRandom(size(c.a), 3);
    const bv = pseudoRandom(size(c.b), 7);
    const got = tf.tidy(() => tf.matMul(tf.tensor(av, c.a), tf.tensor(bv, c.b), c.tA, c.tB));
    expect(maxAbsDiff(got.dataSync(), expectedMatMul(c, av, bv))).toBeLessThanOrEqual(1e-4);
    got.dispose();
  });

  it('fused matMul (a Dense layer outside training) adds the bias and applies each activation as TF.js defines them', () => {
    const acts: [tf.fused.Activation, (v: number) => number][] = [
      ['linear', (v) => v], ['relu', (v) => Math.max(v, 0)], ['relu6', (v) => Math.min(Math.max(v, 0), 6)],
      ['elu', (v) => (v > 0 ? v : Math.expm1(v))], ['leakyrelu', (v) => (v < 0 ? 0.3 * v : v)], ['sigmoid', (v) => 1 / (1 + Math.exp(-v))],
    ];
    const c = { a: [7, 33], b: [5, 33], tA: false, tB: true };
    const [av, bv, biasv] = [pseudoRandom(7 * 33, 3), pseudoRandom(5 * 33, 7), pseudoRandom(5, 11)];
    const product = expectedMatMul(c, av, bv);
    for (const [activation, f] of acts)
      for (const withBias of [true, false]) {
        const got = tf.tidy(() => tf.fused.matMul({
          a: tf.tensor2d(av, [7, 33]), b: tf.tensor2d(bv, [5, 33]), transposeB: true, activation, leakyreluAlpha: 0.3,
          ...(withBias ? { bias: tf.tensor1d(biasv) } : {}),
        }));
        const expected = product.map((v, i) => f(v + (withBias ? (biasv[i % 5] as number) : 0)));
        expect(got.shape).toEqual([7, 5]);
        expect(maxAbsDiff(got.dataSync(), expected), `${activation} bias=${withBias}`).toBeLessThanOrEqual(1e-5);
        got.dispose();
      }
  });

  it('fuses a ReLU\'s gradient with its bias\'s (one pass), and refuses shapes it cannot take, naming them', () => {
    const [dyv, yv] = [pseudoRandom(3 * 4 * 5 * 6, 1), pseudoRandom(3 * 4 * 5 * 6, 2).map((v, i) => (i % 7 === 0 ? 0 : v))];
    const [dy, y] = [tf.tensor4d(dyv, [3, 4, 5, 6]), tf.tensor4d(yv, [3, 4, 5, 6])];
    const [dz, sums] = tf.engine().runKernel(ACTIVATION_BIAS_GRAD, { dy, y }, { alpha: 0.2 }) as unknown as [tf.Tensor, tf.Tensor];
    const expectedDz = dyv.map((g, i) => ((yv[i] as number) > 0 ? g : Math.fround(Math.fround(0.2) * g)));
    const expectedSums = new Float64Array(6);
    expectedDz.forEach((g, i) => (expectedSums[i % 6] = (expectedSums[i % 6] as number) + g));
    expect(dz.shape).toEqual([3, 4, 5, 6]);
    expect(sums.shape).toEqual([6]);
    expect(maxAbsDiff(dz.dataSync(), expectedDz)).toBe(0);
    expect(maxAbsDiff(sums.dataSync(), expectedSums)).toBeLessThanOrEqual(1e-5);
    const other = tf.zeros([3, 4, 5, 7]);
    expect(() => tf.engine().runKernel(ACTIVATION_BIAS_GRAD, { dy, y: other }, { alpha: 0 })).toThrow(/one non-empty shape.*\[3,4,5,6\] and \[3,4,5,7\]/);
    expect(() => tf.engine().runKernel(LAYERLOOM_DENSE, { x: tf.zeros([2, 3]), kernel: tf.zeros([4, 5]) }, { activation: 'relu' })).toThrow(/x \[2,3\], kernel \[4,5\]/);
    tf.dispose([dy, y, dz, sums, other]);
  });

  it.each(MAXPOOL_CASES)('maxPool matches the definition: $label', (c) => {
    expect(maxPoolError(c)).toBe(0);
  });

  it('maxPool lets NaN through, as a diverging network must show in its loss', () => {
    const x = tf.tensor4d([1, Number.NaN, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    const y = tf.maxPool(x, 2, 2, 'valid');
    expect(Array.from(y.dataSync())).toEqual([7, Number.NaN]);
    tf.dispose([x, y]);
  });

  it.each(MAXPOOL_CASES)('maxPoolGrad matches the definition (incl. all-negative windows): $label', (c) => {
    expect(maxPoolGradError(c)).toBeLessThanOrEqual(1e-6);
  });

  it.each(MAXPOOL_CASES)('avgPool gradient matches TF’s definition (1/count of real pixels at padded edges): $label', (c) => {
    expect(avgPoolGradError(c)).toBeLessThanOrEqual(1e-6);
  });

  it('adds a bias on either side, and leaves other adds to WASM', () => {
    const xv = pseudoRandom(2 * 3 * 4 * 5, 3);
    const bv = pseudoRandom(5, 9);
    const x = tf.tensor4d(xv, [2, 3, 4, 5]);
    const bias = tf.tensor1d(bv);
    const expected = xv.map((v, i) => v + (bv[i % 5] as number));
    for (const y of [tf.add(x, bias), tf.add(bias, x)]) {
      expect(y.shape).toEqual([2, 3, 4, 5]);
      expect(maxAbsDiff(y.dataSync(), expected)).toBeLessThanOrEqual(1e-6);
      y.dispose();
    }
    const same = tf.add(x, x);
    expect(maxAbsDiff(same.dataSync(), xv.map((v) => 2 * v))).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, bias, same]);
  });

  it('sums over every axis but the last (a bias gradient), and leaves other sums to WASM', () => {
    const xv = pseudoRandom(3 * 700 * 5, 13); // > 256 rows per thread: the double flush runs
    const x = tf.tensor3d(xv, [3, 700, 5]);
    const expected = new Float64Array(5);
    xv.forEach((v, i) => (expected[i % 5] = (expected[i % 5] as number) + v));
    const flat = tf.sum(x, [0, 1]);
    const kept = tf.sum(x, [1, 0], true);
    expect(flat.shape).toEqual([5]);
    expect(kept.shape).toEqual([1, 1, 5]);
    expect(maxAbsDiff(flat.dataSync(), expected)).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(kept.dataSync(), expected)).toBeLessThanOrEqual(1e-4);
    const other = tf.sum(x, 2);
    expect(other.shape).toEqual([3, 700]);
    expect(other.dataSync()[0]).toBeCloseTo(xv.slice(0, 5).reduce((s, v) => s + v, 0), 5);
    tf.dispose([x, flat, kept, other]);
  });

  it('gives every weight of a small all-ops net the stock CPU backend’s gradient', () => {
    expectSameGradients(tinyNetGradients(), reference);
  });

  it('survives the worker thread that loaded it exiting while its pool threads live on', () => {
    if (!load.ok) return;
    // In a child process, so a crash is an exit status rather than the test run's death.
    const script = fileURLToPath(new URL('./testing/native-worker-exit.mjs', import.meta.url));
    const child = spawnSync(process.execPath, [script, load.path], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect({ status: child.status, signal: child.signal, out: child.stdout.trim() }).toEqual({ status: 0, signal: null, out: 'ok' });
  });

  it('refuses buffers that do not match the geometry, naming the problem', () => {
    if (!load.ok) return;
    const geometry = Int32Array.of(1, 5, 5, 1, 3, 3, 1, 1, 1, 0, 0, 3, 3);
    const call = (y: Float32Array) => load.kernels.conv2d(geometry, new Float32Array(25), new Float32Array(9), null, y, 0, 0);
    expect(() => call(new Float32Array(8))).toThrow(/length does not match the geometry/);
    expect(() => load.kernels.conv2d(Int32Array.of(1, 2, 3), new Float32Array(25), new Float32Array(9), null, new Float32Array(9), 0, 0)).toThrow(
      /geometry must be an Int32Array of 13/,
    );
    expect(() => load.kernels.conv2d(geometry, new Float32Array(25), new Float32Array(9), null, new Float32Array(9), 9, 0)).toThrow(/activation must be a code/);
    call(new Float32Array(9)); // and the right sizes pass
  });
});
