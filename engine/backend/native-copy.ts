// Slice, Concat and SplitV (Concat's gradient) on WASM as strided box copies by the native
// addon (engine/native/elementwise/strided-copy.cc). The stock WASM kernels index element
// by element where the box is not contiguous, i.e. along channels: a Concat node's gradient
// on [64,32,32,32] took ~0.4 s. 4-byte dtypes only; anything else goes to the stock kernel.
import * as tf from '../tf.js';
import { overrideKernel } from './kernel-override.js';
import type { WasmHeapBackend } from './wasm-call.js';

export interface NativeCopyKernels {
  /** geometry: rank, shape[rank], srcStride[rank], dstStride[rank], srcOffset, dstOffset. */
  stridedCopy(geometry: Int32Array, src: Float32Array, dst: Float32Array, reference: boolean): void;
}

const MAX_RANK = 8;
const handled = (t: tf.TensorInfo | undefined): t is tf.TensorInfo =>
  t !== undefined && (t.dtype === 'float32' || t.dtype === 'int32') && t.shape.length >= 1 && t.shape.length <= MAX_RANK && t.shape.every((d) => d < 2 ** 31);

/** Row-major strides in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) strides[a] = (strides[a + 1] as number) * (shape[a + 1] as number);
  return strides;
}

/** The geometry stridedCopy takes. */
export function boxGeometry(shape: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[], srcOffset: number, dstOffset: number): Int32Array {
  return Int32Array.from([shape.length, ...shape, ...srcStrides, ...dstStrides, srcOffset, dstOffset]);
}

/** Float32 view of any 4-byte tensor on the heap. */
function bytesView(heap: WasmHeapBackend, t: tf.TensorInfo): Float32Array {
  const a = heap.typedArrayFromHeap(t);
  return new Float32Array(a.buffer, a.byteOffset, a.length);
}

function fallback(stock: tf.KernelConfig | undefined, name: string, args: Parameters<tf.KernelFunc>[0]) {
  if (stock === undefined) throw new Error(`WASM backend has no ${name} kernel for this case`);
  return stock.kernelFunc(args);
}

/** Boxes of x along `axis` at the given sizes, each into its own output. */
function splitAlong(native: NativeCopyKernels, heap: WasmHeapBackend, x: tf.TensorInfo, axis: number, sizes: number[]): tf.TensorInfo[] {
  const outs = sizes.map((size) => heap.makeOutput(x.shape.map((d, a) => (a === axis ? size : d)), x.dtype));
  const xStrides = stridesOf(x.shape);
  const src = bytesView(heap, x);
  let begin = 0;
  outs.forEach((out) => {
    if (out.shape.every((d) => d > 0)) native.stridedCopy(boxGeometry(out.shape, xStrides, stridesOf(out.shape), begin * (xStrides[axis] as number), 0), src, bytesView(heap, out), false);
    begin += out.shape[axis] as number;
  });
  return outs;
}

function slice(native: NativeCopyKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    if (!handled(x)) return fallback(stock, tf.Slice, args);
    const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
    const [b, s] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    const heap = args.backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(s, x.dtype);
    if (s.some((d) => d === 0)) return out;
    const xStrides = stridesOf(x.shape);
    const offset = b.reduce((sum, i, a) => sum + i * (xStrides[a] as number), 0);
    native.stridedCopy(boxGeometry(s, xStrides, stridesOf(s), offset, 0), bytesView(heap, x), bytesView(heap, out), false);
    return out;
  };
}

function concat(native: NativeCopyKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const inputs = Object.values(args.inputs) as tf.TensorInfo[];
    const first = inputs[0];
    if (!handled(first) || !inputs.every((t) => handled(t) && t.dtype === first.dtype && t.shape.length === first.shape.length)) return fallback(stock, tf.Concat, args);
    const { axis: axisAttr } = args.attrs as unknown as tf.ConcatAttrs;
    const axis = tf.util.parseAxisParam(axisAttr, first.shape)[0] as number;
    const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const heap = args.backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(outShape, first.dtype);
    const outStrides = stridesOf(outShape);
    let begin = 0;
    for (const t of inputs) {
      if (t.shape.every((d) => d > 0)) {
        native.stridedCopy(boxGeometry(t.shape, stridesOf(t.shape), outStrides, 0, begin * (outStrides[axis] as number)), bytesView(heap, t), bytesView(heap, out), false);
      }
      begin += t.shape[axis] as number;
    }
    return out;
  };
}

function splitV(native: NativeCopyKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    if (!handled(x)) return fallback(stock, tf.SplitV, args);
    const { numOrSizeSplits, axis: axisAttr } = args.attrs as unknown as tf.SplitVAttrs;
    const axis = tf.util.parseAxisParam(axisAttr, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, axis);
    return splitAlong(native, args.backend as unknown as WasmHeapBackend, x, axis, sizes);
  };
}

/** Registers the copy kernels on WASM (idempotent). */
export function registerNativeCopies(native: NativeCopyKernels, layer: string): void {
  overrideKernel(tf.Slice, 'wasm', (stock) => slice(native, stock), layer);
  overrideKernel(tf.Concat, 'wasm', (stock) => concat(native, stock), layer);
  overrideKernel(tf.SplitV, 'wasm', (stock) => splitV(native, stock), layer);
}
