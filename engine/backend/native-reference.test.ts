// Every native kernel against its plain C++ reference (engine/native/<family>/*_ref.cc) on
// generated geometries, edges included; the references themselves are checked against the
// TypeScript definitions through TF.js in native-kernels.test.ts. Skipped, with the reason
// printed, where the addon is not built.
import { describe, expect, it } from 'vitest';
import { loadNativeKernels } from './native-kernels.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';
import { biasErrors, type ConvShape, convErrors, matMulError, picker, type PoolShape, poolErrors } from './testing/native-tester.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[native kernels] SKIPPED: ${load.reason}`);

const TOLERANCE = 2e-5;

const conv = (label: string, s: Partial<ConvShape>): [string, ConvShape] => [
  label,
  { n: 2, h: 9, w: 9, ci: 3, kh: 3, kw: 3, co: 8, sh: 1, sw: 1, pad: 'same', ...s },
];

const CONV_EDGES: [string, ConvShape][] = [
  conv('1×1, one channel each way', { kh: 1, kw: 1, ci: 1, co: 1 }),
  conv('1×1 stride 2 valid', { kh: 1, kw: 1, sh: 2, sw: 2, pad: 'valid', ci: 5, co: 7 }),
  conv('3×3 same stride 2 even size', { h: 8, w: 8, sh: 2, sw: 2 }),
  conv('3×3 same stride 3 odd size', { h: 11, w: 7, sh: 3, sw: 3 }),
  conv('2×2 same (even kernel: pad after only)', { kh: 2, kw: 2 }),
  conv('4×4 same stride 2 (even kernel, strided)', { kh: 4, kw: 4, sh: 2, sw: 2, h: 10, w: 11 }),
  conv('5×3 same stride (2,1)', { kh: 5, kw: 3, sh: 2, sw: 1 }),
  conv('kernel as large as the image, valid', { h: 5, w: 5, kh: 5, kw: 5, pad: 'valid' }),
  conv('LeNet 6→16 5×5 valid (planar input gradient)', { ci: 6, co: 16, kh: 5, kw: 5, h: 14, w: 14, pad: 'valid' }),
  conv('5→9 3×3 same (planar input gradient, odd sizes)', { ci: 5, co: 9 }),
  conv('LeNet 3→6 5×5 valid (the planar forward, two rows per tile, odd row count)', { ci: 3, co: 6, kh: 5, kw: 5, h: 13, w: 19, pad: 'valid' }),
  conv('4→8 3×3 same stride (2,1) (the planar forward, one row per tile)', { ci: 4, co: 8, sh: 2, sw: 1 }),
  conv('2→7 2×2 same, 3 columns (planar forward, a part-filled tile)', { ci: 2, co: 7, kh: 2, kw: 2, w: 3 }),
  conv('3→16 (first layer)', { ci: 3, co: 16, h: 12, w: 12 }),
  conv('16→16 3×3 same', { ci: 16, co: 16, h: 10, w: 10 }),
  conv('64→64 3×3 same (ResNet/VGG)', { ci: 64, co: 64, h: 6, w: 7, n: 1 }),
  conv('64→64 3×3 same stride 2', { ci: 64, co: 64, h: 8, w: 9, n: 1, sh: 2, sw: 2 }),
  conv('odd channels 13→37', { ci: 13, co: 37, h: 7, w: 6 }),
  // 29 columns and 70 channels: every register blocking (AVX-512: 4×6, 2×12, 1×12) and its tail.
  conv('40→70 3×3 same, 29 columns', { ci: 40, co: 70, h: 3, w: 29, n: 1 }),
  conv('7×7 stride 2 same 3→24 (stem)', { kh: 7, kw: 7, sh: 2, sw: 2, ci: 3, co: 24, h: 16, w: 15 }),
  conv('batch of 5 (uneven thread split)', { n: 5, ci: 4, co: 12 }),
];

const pool = (label: string, s: Partial<PoolShape>): [string, PoolShape] => [
  label,
  { n: 2, h: 8, w: 8, c: 3, kh: 2, kw: 2, sh: 2, sw: 2, pad: 'valid', ...s },
];

const POOL_EDGES: [string, PoolShape][] = [
  pool('2×2/2 valid', {}),
  pool('2×2/2 valid odd sizes (leftover row and column)', { h: 7, w: 9 }),
  pool('2×2/2 same odd sizes (padded edge)', { h: 7, w: 5, pad: 'same' }),
  pool('3×3/2 same (overlapping windows)', { kh: 3, kw: 3, h: 9, w: 10, pad: 'same' }),
  pool('3×3/1 same (every pixel in 9 windows)', { kh: 3, kw: 3, sh: 1, sw: 1, pad: 'same' }),
  pool('1×1/1 (identity)', { kh: 1, kw: 1, sh: 1, sw: 1 }),
  pool('1×1/3 (subsampling)', { kh: 1, kw: 1, sh: 3, sw: 3, h: 10, w: 10 }),
  pool('8×8/8 global (ResNet head), 32 channels', { kh: 8, kw: 8, sh: 8, sw: 8, c: 32 }),
  pool('4×4/3 same, 1 channel', { kh: 4, kw: 4, sh: 3, sw: 3, c: 1, h: 10, w: 11, pad: 'same' }),
  pool('2×3/(1,2) valid, 19 channels (vector tail)', { kh: 2, kw: 3, sh: 1, sw: 2, c: 19, h: 6, w: 9 }),
];

describe.skipIf(!load.ok)('native kernels against their references', () => {
  const native = load.ok ? load.kernels : (undefined as never);

  it.each(CONV_EDGES)('conv %s: forward, filter and input gradient', (_, s) => {
    const e = convErrors(native, s, 7);
    for (const [kernel, error] of Object.entries(e)) expect(error, `${kernel} ${JSON.stringify(s)}`).toBeLessThanOrEqual(TOLERANCE);
  });

  it('conv: 60 random geometries (kernels 1–6, strides 1–3, same/valid, channels 1–70)', () => {
    const pick = picker(2026);
    for (let i = 0; i < 60; i++) {
      const [kh, kw] = [pick(1, 6), pick(1, 6)];
      const pad = pick(0, 1) === 0 ? 'valid' : 'same';
      const wide = pick(0, 3) === 0;
      const s: ConvShape = {
        n: pick(1, 3), h: pick(kh, 13), w: pick(kw, 13), ci: wide ? pick(30, 70) : pick(1, 20),
        kh, kw, co: wide ? pick(30, 70) : pick(1, 35), sh: pick(1, 3), sw: pick(1, 3), pad,
      };
      const e = convErrors(native, s, 100 + i);
      expect(Math.max(e.forward, e.filterGrad, e.inputGrad), `${JSON.stringify(s)} ${JSON.stringify(e)}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it.each(POOL_EDGES)('pool %s: max- and average-pool gradients, with and without ties', (_, s) => {
    for (const ties of [false, true]) {
      const e = poolErrors(native, s, 11, ties);
      for (const [kernel, error] of Object.entries(e)) expect(error, `${kernel} ties=${ties}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('pool: 40 random geometries (windows 1–5, strides 1–4, same/valid)', () => {
    const pick = picker(77);
    for (let i = 0; i < 40; i++) {
      const [kh, kw] = [pick(1, 5), pick(1, 5)];
      const s: PoolShape = { n: pick(1, 3), h: pick(kh, 12), w: pick(kw, 12), c: pick(1, 20), kh, kw, sh: pick(1, 4), sw: pick(1, 4), pad: pick(0, 1) === 0 ? 'valid' : 'same' };
      const e = poolErrors(native, s, 200 + i, i % 3 === 0);
      expect(Math.max(...Object.values(e)), `${JSON.stringify(s)} ${JSON.stringify(e)}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('matMul: every transpose and broadcast, odd and wide sizes (MLP 3072→256)', () => {
    const shapes: [number, number, number, number][] = [[1, 1, 1, 1], [1, 7, 9, 13], [3, 5, 17, 33], [1, 64, 256, 3072], [1, 3072, 256, 64], [1, 64, 3072, 256], [2, 50, 10, 128]];
    for (const [batch, m, n, k] of shapes)
      for (let f = 0; f < 16; f++) {
        const [tA, tB, bA, bB] = [f & 1, (f >> 1) & 1, (f >> 2) & 1, (f >> 3) & 1];
        if (batch === 1 && (bA || bB)) continue;
        if (bA && bB) continue;
        const g = Int32Array.of(batch, m, n, k, tA, tB, bA, bB);
        expect(matMulError(native, g, f + m), `matMul ${Array.from(g).join(' ')}`).toBeLessThanOrEqual(TOLERANCE);
      }
  });

  it('bias: add with each activation, column sums and the fused ReLU-gradient sums, narrow to wide rows, one thread and many', () => {
    // c: LeNet's 6 and 16, Dense widths, 1, a prime, rows wider than a period (1100 with a tail);
    // rows: fewer than one period, odd, and enough to split across threads with a leftover.
    const cases: [number, number][] = [[1, 1], [7, 6], [50_176, 6], [6_400, 16], [64, 120], [64, 10], [3, 37], [4_099, 37], [40, 1100], [1, 3072], [33_001, 1]];
    const pick = picker(31);
    for (let i = 0; i < 30; i++) cases.push([pick(1, 3000), pick(1, 140)]);
    for (const [rows, c] of cases) {
      const e = biasErrors(native, rows, c, rows + c);
      expect(e.dz, `dz rows ${rows} c ${c}`).toBe(0);
      expect(e.biasAdd, `biasAdd rows ${rows} c ${c}`).toBeLessThanOrEqual(1e-6);
      expect(Math.max(e.columnSums, e.sums), `sums rows ${rows} c ${c} ${JSON.stringify(e)}`).toBeLessThanOrEqual(1e-5);
    }
  });

  it('dropout: the same mask as the reference on one thread and many, fresh per seed, keeping 1 − rate of the values', () => {
    for (const [n, rate, seed] of [[1, 0.5, 1], [1_000, 0, 7], [65_537, 0.2, 42], [200_003, 0.5, 0xffffffff], [100_000, 0.95, 3]] as const) {
      const x = pseudoRandom(n, n).map((v) => v + 2); // no zeros of its own: a 0 in y is a dropped value
      const [fast, ref] = [new Float32Array(n).fill(Number.NaN), new Float32Array(n).fill(Number.NaN)];
      native.dropout(x, fast, rate, seed, false);
      native.dropout(x, ref, rate, seed, true);
      expect(maxAbsDiff(fast, ref), `n ${n} rate ${rate}`).toBe(0);
      const kept = fast.reduce((k, v) => k + (v !== 0 ? 1 : 0), 0);
      // Within 5 standard deviations of a binomial draw.
      expect(Math.abs(kept - n * (1 - rate)), `kept ${kept} of ${n} at rate ${rate}`).toBeLessThanOrEqual(5 * Math.sqrt(n * rate * (1 - rate)) + 1e-9);
      const scale = Math.fround(1 / Math.fround(1 - Math.fround(rate)));
      fast.forEach((v, i) => { if (v !== 0 && v !== Math.fround((x[i] as number) * scale)) throw new Error(`kept value ${i} not scaled: ${v}`); });
    }
    const [a, b] = [new Float32Array(4096), new Float32Array(4096)];
    native.dropout(new Float32Array(4096).fill(1), a, 0.5, 1, false);
    native.dropout(new Float32Array(4096).fill(1), b, 0.5, 2, false);
    const same = a.reduce((k, v, i) => k + (v === b[i] ? 1 : 0), 0);
    expect(same / 4096, 'masks of seeds 1 and 2 agree about half the time').toBeGreaterThan(0.45);
    expect(same / 4096).toBeLessThan(0.55);
    expect(() => native.dropout(new Float32Array(2), new Float32Array(2), 1, 0, false)).toThrow(/rate must be a number in \[0, 1\)/);
    expect(() => native.dropout(new Float32Array(2), new Float32Array(2), 0.99999999, 0, false)).toThrow(/rate must be a number in \[0, 1\)/);
    expect(() => native.dropout(new Float32Array(2), new Float32Array(3), 0.5, 0, false)).toThrow(/y must have x's length/);
  });
});
