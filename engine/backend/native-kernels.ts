// Layerloom's native CPU kernels (engine/native: one folder per op family) on top of the WASM backend: the
// conv, conv-gradient, matmul, max- and average-pool gradient, bias and optimizer-update kernels of a
// training step run as multi-threaded SIMD C++ on the WASM heap's own memory (no copies);
// everything else stays WASM. Optional: the addon is built at install where a C++ compiler exists; without it (or
// with LAYERLOOM_NATIVE=off) this reports why and the WASM kernels do the work.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '../tf.js';
import { projectRoot } from '../project-root.js';
import { firstLine } from './first-line.js';
import { ACTIVATION_BIAS_GRAD, type ActivationBiasGradAttrs } from './bias-gradient.js';
import { overrideKernel } from './kernel-override.js';
import { maxPoolGradHandles, maxPoolGradInfo } from './maxpool-grad.js';
import type { NativeActivationKernels } from './native-activations.js';
import { ELEMENTWISE_OP, registerNativeActivations } from './native-activations.js';
import type { NativeBatchNormKernels } from './native-batchnorm.js';
import { registerNativeBatchNorm } from './native-batchnorm.js';
import type { NativeCopyKernels } from './native-copy.js';
import { registerNativeCopies } from './native-copy.js';
import type { NativeDropoutKernels } from './native-dropout.js';
import { registerNativeDropout } from './native-dropout.js';
import type { WasmHeapBackend } from './wasm-call.js';

/** The kernels that have a plain reference beside them (engine/native/<family>/*_ref.cc). */
export interface CheckedKernels {
  /** y = activation(conv + bias); `activation` an ACTIVATION_CODES value, `alpha` leakyrelu's slope. */
  conv2d(geometry: Int32Array, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, activation: number, alpha: number): void;
  conv2dFilterGrad(geometry: Int32Array, x: Float32Array, dy: Float32Array, dw: Float32Array): void;
  conv2dInputGrad(geometry: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  maxPoolGrad(geometry: Int32Array, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** y = each window's maximum (NaN propagates). */
  maxPool(geometry: Int32Array, x: Float32Array, y: Float32Array): void;
  avgPoolGrad(geometry: Int32Array, dy: Float32Array, dx: Float32Array): void;
  matMul(geometry: Int32Array, a: Float32Array, b: Float32Array, c: Float32Array): void;
  /** y = activation(x + bias) over rows of bias.length; y may be x. */
  biasAdd(x: Float32Array, bias: Float32Array, y: Float32Array, activation: number, alpha: number): void;
  columnSums(x: Float32Array, out: Float32Array): void;
  /** params [alpha]: dz = y > 0 ? dy : alpha·dy, sums = dz's column sums (the bias gradient under a (leaky) ReLU). */
  activationBiasGrad(params: Float32Array, dy: Float32Array, y: Float32Array, dz: Float32Array, sums: Float32Array): void;
}

/** What engine/native/addon.cc exports (abiVersion 10). Buffers are views of the WASM heap. */
export interface NativeKernels extends CheckedKernels, NativeBatchNormKernels, NativeCopyKernels, NativeActivationKernels, NativeDropoutKernels {
  abiVersion: number;
  /** The same entry points bound to the definitions (straight loops), for tests. */
  reference: CheckedKernels;
  /** The variants ('avx512', 'avx2') that portable builds ship beside the baseline and this CPU can run, fastest first. */
  cpuVariants(): string[];
  threads(): number;
  /** Linux: back `bytes` of the buffer's memory from its start with 2 MB pages (a hint; false where not taken). */
  adviseHugePages(heap: ArrayBufferView, bytes: number): boolean;
  adamUpdate(params: Float32Array, value: Float32Array, gradient: Float32Array, m: Float32Array, v: Float32Array,
    outValue: Float32Array, outM: Float32Array, outV: Float32Array): void;
  momentumUpdate(params: Float32Array, value: Float32Array, gradient: Float32Array, accum: Float32Array,
    outValue: Float32Array, outAccum: Float32Array): void;
}

/**
 * Kernels of our own (no TF.js op has them): one optimizer update per weight. Registered
 * only where the native kernels load; engine/train/fused-optimizers.ts checks for them.
 */
export const FUSED_ADAM = 'LayerloomAdamUpdate';
export const FUSED_MOMENTUM = 'LayerloomMomentumUpdate';
/** A dense layer in training (engine/compile/dense-layer.ts): inputs x [m, k], kernel [k, n], bias [n] (optional). */
export const LAYERLOOM_DENSE = 'LayerloomDense';

export interface DenseAttrs {
  activation: 'linear' | 'relu';
}

export interface FusedAdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1-based count of updates, for the bias corrections 1 − βᵗ. */
  step: number;
}

export interface FusedMomentumAttrs {
  learningRate: number;
  momentum: number;
}

const ABI_VERSION = 10;

/** The activations the native conv folds in (engine/native/common/activation.h's codes); prelu is left to WASM. */
export const ACTIVATION_CODES: Partial<Record<tf.fused.Activation, number>> = { linear: 0, relu: 1, relu6: 2, elu: 3, leakyrelu: 4, sigmoid: 5 };
const CHECKED = ['conv2d', 'conv2dFilterGrad', 'conv2dInputGrad', 'avgPoolGrad', 'maxPoolGrad', 'maxPool', 'matMul', 'biasAdd', 'columnSums', 'activationBiasGrad'] as const;
const FUNCTIONS = [
  ...CHECKED, 'cpuVariants', 'threads', 'adviseHugePages', 'adamUpdate', 'momentumUpdate',
  'batchNormForward', 'batchNormBackward', 'batchNormInference', 'stridedCopy', 'activation', 'dropout',
] as const;
const REBUILD = 'run `npm run build:native` (needs a C++ compiler)';

export type NativeLoad = { ok: true; kernels: NativeKernels; path: string } | { ok: false; reason: string };

/** The addon a build wrote: the machine's own, or the portable baseline (installers). */
export function nativeKernelsPath(): string | null {
  const root = projectRoot();
  return root === undefined ? null : join(root, 'dist', 'native', 'layerloom_kernels.node');
}

let loaded: NativeLoad | undefined;

/** Loads the addon once per thread and checks it is the build this code expects. */
export function loadNativeKernels(): NativeLoad {
  if (loaded !== undefined) return loaded;
  loaded = tryLoad();
  return loaded;
}

function requireKernels(path: string): NativeLoad {
  let module: Partial<NativeKernels>;
  try {
    module = createRequire(import.meta.url)(path) as Partial<NativeKernels>;
  } catch (err) {
    return { ok: false, reason: `failed to load: ${firstLine(err)}; ${REBUILD}` };
  }
  const reference = module.reference;
  if (
    module.abiVersion !== ABI_VERSION ||
    FUNCTIONS.some((f) => typeof module[f] !== 'function') ||
    reference === undefined ||
    CHECKED.some((f) => typeof reference[f] !== 'function')
  ) {
    return { ok: false, reason: `${path} is from another version of Layerloom; ${REBUILD}` };
  }
  return { ok: true, kernels: module as NativeKernels, path };
}

function tryLoad(): NativeLoad {
  if (process.env.LAYERLOOM_NATIVE === 'off') return { ok: false, reason: 'turned off by LAYERLOOM_NATIVE=off' };
  const path = nativeKernelsPath();
  if (path === null || !existsSync(path)) return { ok: false, reason: `not built (${path ?? 'no package root'}); ${REBUILD}` };
  const baseline = requireKernels(path);
  // A portable build (installers) ships AVX-512 and AVX2/FMA variants beside the baseline
  // (3×3 64→64 convolution per core: ~25 GFLOP/s baseline, ~80-100 AVX2, ~150-210 AVX-512);
  // the first that this CPU runs and that loads is taken. Asking the baseline costs nothing: its threads start on first use.
  if (baseline.ok) {
    for (const variant of baseline.kernels.cpuVariants()) {
      const file = path.replace(/\.node$/, `-${variant}.node`);
      if (!existsSync(file)) continue;
      const faster = requireKernels(file);
      if (faster.ok) return faster;
    }
  }
  return baseline;
}

type ConvInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

/** Float32 views of tensors on the heap; take them only after the kernel's makeOutput. */
function heapViews(backend: WasmHeapBackend): (t: tf.TensorInfo) => Float32Array {
  return (t) => backend.typedArrayFromHeap(t) as Float32Array;
}

/** Allocates the kernel's float32 output on the heap, lets `run` fill it through views, returns it. */
function withOutput(
  args: Parameters<tf.KernelFunc>[0],
  shape: readonly number[],
  run: (view: (t: tf.TensorInfo) => Float32Array, out: tf.TensorInfo) => void,
): tf.TensorInfo {
  const backend = args.backend as WasmHeapBackend;
  const out = backend.makeOutput([...shape], 'float32');
  run(heapViews(backend), out);
  return out;
}

/** The conv geometry as the forward op defines it, for any of the three conv kernels. */
function convInfo(
  xShape: number[],
  filterShape: number[],
  a: { strides: [number, number] | number; pad: tf.Conv2DAttrs['pad']; dimRoundingMode?: 'floor' | 'round' | 'ceil'; dataFormat: 'NHWC' | 'NCHW' },
  dilations: [number, number] | number = 1,
): ConvInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, a.strides, dilations, a.pad, a.dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(a.dataFormat),
  );
}

/**
 * What the native conv and pool kernels share: NHWC, no dilation, a non-empty output, and every
 * window starting inside the padded image on a real pixel (engine/native refuses the geometry
 * otherwise, so anything else stays on WASM).
 */
function windowsFit(info: ConvInfo | ReturnType<typeof tf.backend_util.computePool2DInfo>): boolean {
  const { padInfo: pad } = info;
  return info.dataFormat === 'channelsLast' &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.batchSize > 0 &&
    info.outHeight > 0 &&
    info.outWidth > 0 &&
    pad.top >= 0 &&
    pad.left >= 0 &&
    pad.top < info.filterHeight &&
    pad.left < info.filterWidth &&
    (info.outHeight - 1) * info.strideHeight - pad.top < info.inHeight &&
    (info.outWidth - 1) * info.strideWidth - pad.left < info.inWidth;
}

/** n h w ci kh kw co sh sw pt pl oh ow, or null where the native kernels do not apply. */
function convGeometry(info: ConvInfo): Int32Array | null {
  if (!windowsFit(info)) return null;
  const { padInfo: pad } = info;
  return Int32Array.of(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, info.outChannels,
    info.strideHeight, info.strideWidth, pad.top, pad.left, info.outHeight, info.outWidth,
  );
}

/** A gradient kernel's geometry, if dy has the forward op's output size. */
function gradientGeometry(info: ConvInfo, dy: tf.TensorInfo): Int32Array | null {
  return info.outHeight === dy.shape[1] && info.outWidth === dy.shape[2] ? convGeometry(info) : null;
}

const f32 = (...infos: (tf.TensorInfo | undefined)[]): boolean => infos.every((t) => t !== undefined && t.dtype === 'float32');

function fallback(stock: tf.KernelConfig | undefined, name: string, args: Parameters<tf.KernelFunc>[0]) {
  if (stock === undefined) throw new Error(`WASM backend has no ${name} kernel for this case`);
  return stock.kernelFunc(args);
}

function conv2d(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs;
    const a = args.attrs as unknown as tf.Conv2DAttrs;
    if (x === undefined || filter === undefined || !f32(x, filter) || x.shape.length !== 4) return fallback(stock, tf.Conv2D, args);
    const info = convInfo(x.shape, filter.shape, a, a.dilations);
    const geometry = convGeometry(info);
    if (geometry === null) return fallback(stock, tf.Conv2D, args);
    return withOutput(args, info.outShape, (view, out) => native.conv2d(geometry, view(x), view(filter), null, view(out), 0, 0));
  };
}

/**
 * tf.fused.conv2d: bias and activation folded into the conv (inference with any activation
 * but prelu; in training TF.js fuses only linear ones).
 */
function fusedConv2d(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs;
    const a = args.attrs as unknown as tf.FusedConv2DAttrs;
    const code = ACTIVATION_CODES[a.activation];
    const simple =
      code !== undefined &&
      preluActivationWeights === undefined &&
      x !== undefined && filter !== undefined && f32(x, filter) && x.shape.length === 4 &&
      (bias === undefined || (f32(bias) && bias.shape.length === 1 && bias.shape[0] === filter.shape[3]));
    if (!simple) return fallback(stock, tf.FusedConv2D, args);
    const info = convInfo(x.shape, filter.shape, a, a.dilations);
    const geometry = convGeometry(info);
    if (geometry === null) return fallback(stock, tf.FusedConv2D, args);
    return withOutput(args, info.outShape, (view, out) =>
      native.conv2d(geometry, view(x), view(filter), bias === undefined ? null : view(bias), view(out), code, a.leakyreluAlpha ?? 0.2),
    );
  };
}

function conv2dFilterGrad(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs;
    const a = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (x === undefined || dy === undefined || !f32(x, dy) || x.shape.length !== 4) return fallback(stock, tf.Conv2DBackpropFilter, args);
    const geometry = gradientGeometry(convInfo(x.shape, a.filterShape, a), dy);
    if (geometry === null) return fallback(stock, tf.Conv2DBackpropFilter, args);
    return withOutput(args, a.filterShape, (view, out) => native.conv2dFilterGrad(geometry, view(x), view(dy), view(out)));
  };
}

function conv2dInputGrad(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dy === undefined || filter === undefined || !f32(dy, filter)) return fallback(stock, tf.Conv2DBackpropInput, args);
    const geometry = gradientGeometry(convInfo(a.inputShape, filter.shape, a), dy);
    if (geometry === null) return fallback(stock, tf.Conv2DBackpropInput, args);
    return withOutput(args, a.inputShape, (view, out) => native.conv2dInputGrad(geometry, view(dy), view(filter), view(out)));
  };
}

type PoolInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/** n h w c kh kw sh sw pt pl oh ow, or null where the native kernels do not apply. */
function poolGeometry(info: PoolInfo): Int32Array | null {
  if (!windowsFit(info) || info.inChannels <= 0) return null;
  const { padInfo: pad } = info;
  return Int32Array.of(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    info.strideHeight, info.strideWidth, pad.top, pad.left, info.outHeight, info.outWidth,
  );
}

/** dx of avgPool: TF's definition (1/count of real pixels), not TF.js's 1/window at padded edges. */
function avgPoolGrad(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs;
    const a = args.attrs as unknown as tf.AvgPoolGradAttrs;
    if (dy === undefined || input === undefined || !f32(dy, input) || input.shape.length !== 4) return fallback(stock, tf.AvgPoolGrad, args);
    const info = tf.backend_util.computePool2DInfo(input.shape as Shape4, a.filterSize, a.strides, 1, a.pad);
    const geometry = info.outHeight === dy.shape[1] && info.outWidth === dy.shape[2] ? poolGeometry(info) : null;
    if (geometry === null) return fallback(stock, tf.AvgPoolGrad, args);
    return withOutput(args, input.shape, (view, out) => native.avgPoolGrad(geometry, view(dy), view(out)));
  };
}

/** Max pooling on the pool's threads (XNNPACK's in WASM runs on one). */
function maxPool(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const a = args.attrs as unknown as tf.MaxPoolAttrs;
    if (x === undefined || !f32(x) || x.shape.length !== 4 || x.shape.includes(0)) return fallback(stock, tf.MaxPool, args);
    const info = tf.backend_util.computePool2DInfo(x.shape as Shape4, a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const geometry = poolGeometry(info);
    if (geometry === null) return fallback(stock, tf.MaxPool, args);
    return withOutput(args, [info.batchSize, info.outHeight, info.outWidth, info.outChannels], (view, out) => native.maxPool(geometry, view(x), view(out)));
  };
}

function maxPoolGrad(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs;
    if (dy === undefined || input === undefined || !maxPoolGradHandles(input, dy)) return fallback(stock, tf.MaxPoolGrad, args);
    const geometry = poolGeometry(maxPoolGradInfo(input.shape, args.attrs as unknown as tf.MaxPoolGradAttrs));
    if (geometry === null) return fallback(stock, tf.MaxPoolGrad, args);
    return withOutput(args, input.shape, (view, out) => native.maxPoolGrad(geometry, view(input), view(dy), view(out)));
  };
}

/** Batched matmul where the batches match or one side is a single matrix (dense layers). */
function matMul(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (a === undefined || b === undefined || !f32(a, b) || a.shape.length < 2 || b.shape.length < 2) return fallback(stock, tf.BatchMatMul, args);
    const [ra, rb] = [a.shape.length, b.shape.length];
    const [m, k] = transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
    const [kb, n] = transposeB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1);
    const [batchA, batchB] = [size(outerA), size(outerB)];
    const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
    const outer = sameOuter || batchB === 1 ? outerA : batchA === 1 ? outerB : null;
    if (m === undefined || k === undefined || n === undefined || k !== kb || outer === null || m * n * k === 0 || (!sameOuter && batchA !== 1 && batchB !== 1)) {
      return fallback(stock, tf.BatchMatMul, args);
    }
    const batch = Math.max(batchA, batchB);
    // Rank as TF.js gives it: the higher of the two, outer dims from the batched side.
    const outShape = [...(outerA.length >= outerB.length ? (batchA === batch ? outerA : outerA.map(() => 1)) : outerB), m, n];
    if (size(outShape) !== batch * m * n) return fallback(stock, tf.BatchMatMul, args);
    const geometry = Int32Array.of(batch, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, batchA === 1 && batch > 1 ? 1 : 0, batchB === 1 && batch > 1 ? 1 : 0);
    return withOutput(args, outShape, (view, out) => native.matMul(geometry, view(a), view(b), view(out)));
  };
}

/** a + b where one is a rank-1 bias matching the other's last axis (a layer's bias add), or both have one shape (a residual connection). */
function add(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs;
    if (a === undefined || b === undefined || !f32(a, b) || a.shape.includes(0) || b.shape.includes(0)) return fallback(stock, tf.Add, args);
    if (a.shape.length >= 1 && a.shape.join() === b.shape.join()) {
      return withOutput(args, a.shape, (view, out) => native.activation(Float32Array.of(ELEMENTWISE_OP.add, 0, 0), view(a), view(b), view(out)));
    }
    const [x, bias] = b.shape.length === 1 && a.shape.length >= 2 ? [a, b] : a.shape.length === 1 && b.shape.length >= 2 ? [b, a] : [null, null];
    if (x === null || bias === null || x.shape.at(-1) !== bias.shape[0]) return fallback(stock, tf.Add, args);
    return withOutput(args, x.shape, (view, out) => native.biasAdd(view(x), view(bias), view(out), 0, 0));
  };
}

/** C = act(A·B + bias) for one [m, k]·[k, n] product: the GEMM, then bias and activation in one pass over C. */
function denseInto(native: NativeKernels, geometry: Int32Array, a: Float32Array, b: Float32Array, bias: Float32Array | null, code: number, alpha: number, c: Float32Array): void {
  native.matMul(geometry, a, b, c);
  const n = geometry[2] as number;
  if (bias !== null || code !== 0) native.biasAdd(c, bias ?? new Float32Array(n), c, code, alpha);
}

/** tf.fused.matMul (Dense layers outside training: evaluation, the test pass, prediction) for one matrix each side. */
function fusedMatMul(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as tf._FusedMatMulAttrs;
    const code = ACTIVATION_CODES[activation];
    if (code === undefined || preluActivationWeights !== undefined || a === undefined || b === undefined || !f32(a, b) ||
      a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== 1 || b.shape[0] !== 1) return fallback(stock, tf._FusedMatMul, args);
    const [m, k] = transposeA ? [a.shape[2], a.shape[1]] : [a.shape[1], a.shape[2]];
    const [kb, n] = transposeB ? [b.shape[2], b.shape[1]] : [b.shape[1], b.shape[2]];
    const biasFits = bias === undefined || (f32(bias) && bias.shape.length === 1 && bias.shape[0] === n);
    if (m === undefined || k === undefined || n === undefined || k !== kb || m * n * k === 0 || !biasFits) return fallback(stock, tf._FusedMatMul, args);
    const geometry = Int32Array.of(1, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, 0, 0);
    return withOutput(args, [1, m, n], (view, out) =>
      denseInto(native, geometry, view(a), view(b), bias === undefined ? null : view(bias), code, leakyreluAlpha ?? 0.2, view(out)));
  };
}

/** LayerloomDense: a dense layer's x·kernel + bias and its activation. */
function dense(native: NativeKernels): tf.KernelFunc {
  return (args) => {
    const { x, kernel, bias } = args.inputs;
    const { activation } = args.attrs as unknown as DenseAttrs;
    const code = ACTIVATION_CODES[activation];
    const [m, k] = x?.shape ?? [];
    const n = kernel?.shape[1];
    if (x === undefined || kernel === undefined || code === undefined || !f32(x, kernel) || x.shape.length !== 2 || kernel.shape.length !== 2 ||
      m === undefined || k === undefined || n === undefined || k === 0 || kernel.shape[0] !== k || (bias !== undefined && (!f32(bias) || bias.shape.join() !== `${n}`))) {
      throw new Error(`${LAYERLOOM_DENSE} needs float32 x [m, k], kernel [k, n] and bias [n] and a linear or relu activation; got x ${JSON.stringify(x?.shape)}, kernel ${JSON.stringify(kernel?.shape)}, bias ${JSON.stringify(bias?.shape)}, activation ${activation}`);
    }
    if (m * n === 0) return (args.backend as WasmHeapBackend).makeOutput([m, n], 'float32');
    const geometry = Int32Array.of(1, m, n, k, 0, 0, 0, 0);
    return withOutput(args, [m, n], (view, out) => denseInto(native, geometry, view(x), view(kernel), bias === undefined ? null : view(bias), code, 0, view(out)));
  };
}

/** [dz, Σ dz over every axis but the last] for y = act(z + bias) (engine/backend/bias-gradient.ts). */
function activationBiasGrad(native: NativeKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, y } = inputs;
    if (dy === undefined || y === undefined || !f32(dy, y) || dy.shape.length < 2 || dy.shape.join() !== y.shape.join() || dy.shape.includes(0)) {
      throw new Error(`${ACTIVATION_BIAS_GRAD} needs float32 dy and y of one non-empty shape of rank ≥ 2; got ${JSON.stringify(dy?.shape)} and ${JSON.stringify(y?.shape)}`);
    }
    const { alpha } = attrs as unknown as ActivationBiasGradAttrs;
    const heap = backend as unknown as WasmHeapBackend;
    const dz = heap.makeOutput([...dy.shape], 'float32');
    const sums = heap.makeOutput([dy.shape.at(-1) as number], 'float32');
    const view = heapViews(heap);
    native.activationBiasGrad(Float32Array.of(alpha), view(dy), view(y), view(dz), view(sums));
    return [dz, sums];
  };
}

/** Sum over every axis but the last (a bias's gradient). */
function biasGradSum(native: NativeKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x === undefined || !f32(x) || x.shape.length < 2 || x.shape.includes(0)) return fallback(stock, tf.Sum, args);
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((ax) => (ax < 0 ? ax + rank : ax)))].sort((p, q) => p - q);
    if (axes.length !== rank - 1 || axes.some((ax, i) => ax !== i)) return fallback(stock, tf.Sum, args);
    const channels = x.shape[rank - 1] as number;
    const shape = keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
    return withOutput(args, shape, (view, out) => native.columnSums(view(x), view(out)));
  };
}

/** Inputs that must all be float32 and the same size as the weight. */
function sameSizeFloats(name: string, inputs: tf.NamedTensorInfoMap, names: string[]): tf.TensorInfo[] {
  const infos = names.map((n) => inputs[n]);
  const first = infos[0];
  if (first === undefined || !f32(...infos)) throw new Error(`${name} needs float32 inputs ${names.join(', ')}`);
  const size = first.shape.reduce((p, d) => p * d, 1);
  for (const info of infos) {
    if ((info as tf.TensorInfo).shape.reduce((p, d) => p * d, 1) !== size) throw new Error(`${name}: ${names.join(', ')} must have the same size`);
  }
  return infos as tf.TensorInfo[];
}

function adamUpdate(native: NativeKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const [value, gradient, m, v] = sameSizeFloats(FUSED_ADAM, inputs, ['value', 'gradient', 'm', 'v']) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    const a = attrs as unknown as FusedAdamAttrs;
    const heap = backend as unknown as WasmHeapBackend;
    const outs = [value, m, v].map((t) => heap.makeOutput([...t.shape], 'float32'));
    const view = heapViews(heap);
    const params = Float32Array.of(a.learningRate, a.beta1, a.beta2, a.epsilon, 1 - a.beta1 ** a.step, 1 - a.beta2 ** a.step);
    const [outValue, outM, outV] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    native.adamUpdate(params, view(value), view(gradient), view(m), view(v), view(outValue), view(outM), view(outV));
    return outs;
  };
}

function momentumUpdate(native: NativeKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const [value, gradient, accum] = sameSizeFloats(FUSED_MOMENTUM, inputs, ['value', 'gradient', 'accum']) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    const a = attrs as unknown as FusedMomentumAttrs;
    const heap = backend as unknown as WasmHeapBackend;
    const outs = [value, accum].map((t) => heap.makeOutput([...t.shape], 'float32'));
    const view = heapViews(heap);
    const [outValue, outAccum] = outs as [tf.TensorInfo, tf.TensorInfo];
    native.momentumUpdate(Float32Array.of(a.learningRate, a.momentum), view(value), view(gradient), view(accum), view(outValue), view(outAccum));
    return outs;
  };
}

export interface NativeStart {
  /** Threads the native kernels use; 0 when they are off. */
  threads: number;
  /** One line for the backend report: in use, or why not. */
  note: string;
}

/**
 * Puts the native kernels in front of the WASM ones (which stay as the fallback for cases
 * the native ones do not handle). Call after registerWasmKernelPatches; idempotent.
 */
export function registerNativeKernels(): NativeStart {
  const load = loadNativeKernels();
  if (!load.ok) return { threads: 0, note: `native kernels off: ${load.reason}` };
  const native = load.kernels;
  const layer = 'native';
  overrideKernel(tf.Conv2D, 'wasm', (stock) => conv2d(native, stock), layer);
  overrideKernel(tf.FusedConv2D, 'wasm', (stock) => fusedConv2d(native, stock), layer);
  overrideKernel(tf.Conv2DBackpropFilter, 'wasm', (stock) => conv2dFilterGrad(native, stock), layer);
  overrideKernel(tf.Conv2DBackpropInput, 'wasm', (stock) => conv2dInputGrad(native, stock), layer);
  overrideKernel(tf.AvgPoolGrad, 'wasm', (stock) => avgPoolGrad(native, stock), layer);
  overrideKernel(tf.MaxPoolGrad, 'wasm', (stock) => maxPoolGrad(native, stock), layer);
  overrideKernel(tf.MaxPool, 'wasm', (stock) => maxPool(native, stock), layer);
  overrideKernel(tf.BatchMatMul, 'wasm', (stock) => matMul(native, stock), layer);
  overrideKernel(tf.Add, 'wasm', (stock) => add(native, stock), layer);
  overrideKernel(tf.Sum, 'wasm', (stock) => biasGradSum(native, stock), layer);
  overrideKernel(tf._FusedMatMul, 'wasm', (stock) => fusedMatMul(native, stock), layer);
  overrideKernel(LAYERLOOM_DENSE, 'wasm', () => dense(native), layer);
  overrideKernel(ACTIVATION_BIAS_GRAD, 'wasm', () => activationBiasGrad(native), layer);
  overrideKernel(FUSED_ADAM, 'wasm', () => adamUpdate(native), layer);
  overrideKernel(FUSED_MOMENTUM, 'wasm', () => momentumUpdate(native), layer);
  registerNativeBatchNorm(native, layer);
  registerNativeCopies(native, layer);
  registerNativeActivations(native, layer);
  registerNativeDropout(native, layer);
  const threads = native.threads();
  adviseHugeHeap(native);
  return { threads, note: `native kernels on (conv, conv gradients, matmul, max pooling, pooling gradients, bias, BatchNorm, slice/concat, Tanh/LeakyReLU, dropout, dense layers, Adam/momentum updates; ${threads} thread${threads === 1 ? '' : 's'})` };
}

/**
 * The WASM memory's first touch of a page is a page fault, and a step's activations are
 * hundreds of MB: with 2 MB pages the first step of ResNet-CIFAR faults ~100 times, not ~59,000
 * (0.6 s on a VM where a fault costs ~10 µs). The whole 4 GiB a wasm32 memory can grow to is
 * advised at once, as V8 reserves it up front.
 */
function adviseHugeHeap(native: NativeKernels): void {
  const heap = (tf.findBackend('wasm') as unknown as { wasm?: { HEAPU8?: Uint8Array } } | null)?.wasm?.HEAPU8;
  if (heap !== undefined) native.adviseHugePages(heap, WASM32_MAX_BYTES);
}

const WASM32_MAX_BYTES = 4 * 1024 ** 3;
