// Runs a native kernel and its plain reference (engine/native/<family>/*_ref.cc) on the same
// generated geometry and buffers, as XNNPACK's microkernel testers do: each geometry names
// itself so a failure says which sizes broke.
import type { CheckedKernels, NativeKernels } from '../native-kernels.js';
import { axis, maxAbsDiff, pseudoRandom } from './util.js';

export interface ConvShape {
  n: number; h: number; w: number; ci: number;
  kh: number; kw: number; co: number;
  sh: number; sw: number; pad: 'valid' | 'same';
}

export interface PoolShape {
  n: number; h: number; w: number; c: number;
  kh: number; kw: number; sh: number; sw: number; pad: 'valid' | 'same';
}

/** n h w ci kh kw co sh sw pt pl oh ow as engine/native/addon.cc reads it. */
export function convGeometry(s: ConvShape): Int32Array {
  const rows = axis(s.h, s.kh, s.sh, s.pad);
  const cols = axis(s.w, s.kw, s.sw, s.pad);
  return Int32Array.of(s.n, s.h, s.w, s.ci, s.kh, s.kw, s.co, s.sh, s.sw, rows.before, cols.before, rows.out, cols.out);
}

/** n h w c kh kw sh sw pt pl oh ow. */
export function poolGeometry(s: PoolShape): Int32Array {
  const rows = axis(s.h, s.kh, s.sh, s.pad);
  const cols = axis(s.w, s.kw, s.sw, s.pad);
  return Int32Array.of(s.n, s.h, s.w, s.c, s.kh, s.kw, s.sh, s.sw, rows.before, cols.before, rows.out, cols.out);
}

const size = (...dims: number[]) => dims.reduce((p, d) => p * d, 1);

/** Largest |fast − reference| relative to the reference's largest magnitude (≥ 1). */
function relativeError(fast: Float32Array, reference: Float32Array): number {
  let largest = 1;
  for (const v of reference) largest = Math.max(largest, Math.abs(v));
  return maxAbsDiff(fast, reference) / largest;
}

/** Forward (with bias and every activation), filter gradient and input gradient: each kernel's error. */
export function convErrors(native: NativeKernels, s: ConvShape, seed: number): { forward: number; filterGrad: number; inputGrad: number } {
  const g = convGeometry(s);
  const [oh, ow] = [g[11] as number, g[12] as number];
  const x = pseudoRandom(size(s.n, s.h, s.w, s.ci), seed);
  const w = pseudoRandom(size(s.kh, s.kw, s.ci, s.co), seed + 1);
  const bias = pseudoRandom(s.co, seed + 2);
  const dy = pseudoRandom(size(s.n, oh, ow, s.co), seed + 3);
  const both = (run: (k: CheckedKernels, out: Float32Array) => void, n: number) => {
    const [fast, ref] = [new Float32Array(n).fill(Number.NaN), new Float32Array(n)];
    run(native, fast);
    run(native.reference, ref);
    return relativeError(fast, ref);
  };
  return {
    // without bias, then with bias and each activation code (linear relu relu6 elu leakyrelu sigmoid)
    forward: Math.max(
      both((k, y) => k.conv2d(g, x, w, null, y, 0, 0), dy.length),
      ...[0, 1, 2, 3, 4, 5].map((code) => both((k, y) => k.conv2d(g, x, w, bias, y, code, 0.3), dy.length)),
    ),
    filterGrad: both((k, dw) => k.conv2dFilterGrad(g, x, dy, dw), w.length),
    inputGrad: both((k, dx) => k.conv2dInputGrad(g, dy, w, dx), x.length),
  };
}

/** Max- and average-pool gradients; `ties` rounds x to halves (equal maxima). */
export function poolErrors(native: NativeKernels, s: PoolShape, seed: number, ties = false): Record<string, number> {
  const g = poolGeometry(s);
  const out = size(s.n, g[10] as number, g[11] as number, s.c);
  let x = pseudoRandom(size(s.n, s.h, s.w, s.c), seed);
  if (ties) x = x.map((v) => Math.round(v * 2) / 2);
  const dy = pseudoRandom(out, seed + 1);
  const both = (run: (k: CheckedKernels, o: Float32Array) => void, n: number) => {
    const [fast, ref] = [new Float32Array(n).fill(Number.NaN), new Float32Array(n)];
    run(native, fast);
    run(native.reference, ref);
    return relativeError(fast, ref);
  };
  return {
    maxPool: both((k, y) => k.maxPool(g, x, y), out),
    maxPoolGrad: both((k, dx) => k.maxPoolGrad(g, x, dy, dx), x.length),
    avgPoolGrad: both((k, dx) => k.avgPoolGrad(g, dy, dx), x.length),
  };
}

/** C = op(A)·op(B) for one geometry (batch m n k transA transB broadcastA broadcastB). */
export function matMulError(native: NativeKernels, geometry: Int32Array, seed: number): number {
  const [batch, m, n, k, , , bA, bB] = Array.from(geometry) as [number, number, number, number, number, number, number, number];
  const a = pseudoRandom((bA ? 1 : batch) * m * k, seed);
  const b = pseudoRandom((bB ? 1 : batch) * k * n, seed + 1);
  const [fast, ref] = [new Float32Array(batch * m * n).fill(Number.NaN), new Float32Array(batch * m * n)];
  native.matMul(geometry, a, b, fast);
  native.reference.matMul(geometry, a, b, ref);
  return relativeError(fast, ref);
}

/**
 * A bias over `rows` rows of `c` values: the bias add with each activation code (in place, as
 * a dense layer's epilogue runs it), the plain column sums, and the sums fused with the (leaky)
 * ReLU gradient (y has exact zeros so the mask's edge is hit).
 */
export function biasErrors(native: NativeKernels, rows: number, c: number, seed: number): { biasAdd: number; columnSums: number; dz: number; sums: number } {
  const dy = pseudoRandom(rows * c, seed);
  const y = pseudoRandom(rows * c, seed + 1).map((v, i) => (i % 5 === 0 ? 0 : v));
  const bias = pseudoRandom(c, seed + 2);
  const run = (k: CheckedKernels) => {
    const added = [0, 1, 2, 3, 4, 5].map((code) => {
      const out = dy.slice();
      k.biasAdd(out, bias, out, code, 0.3);
      return out;
    });
    const [plain, dz, sums] = [new Float32Array(c).fill(Number.NaN), new Float32Array(rows * c).fill(Number.NaN), new Float32Array(c).fill(Number.NaN)];
    k.columnSums(dy, plain);
    k.activationBiasGrad(Float32Array.of(0.1), dy, y, dz, sums);
    return { added, plain, dz, sums };
  };
  const [fast, ref] = [run(native), run(native.reference)];
  return {
    biasAdd: Math.max(...fast.added.map((a, i) => relativeError(a, ref.added[i] as Float32Array))),
    columnSums: relativeError(fast.plain, ref.plain),
    dz: relativeError(fast.dz, ref.dz),
    sums: relativeError(fast.sums, ref.sums),
  };
}

/** A deterministic generator of integers in [lo, hi]. */
export function picker(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return lo + ((s >>> 8) % (hi - lo + 1));
  };
}
