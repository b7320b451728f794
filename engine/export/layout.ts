import type { Normalization } from '../data/normalization.js';
import { describeNormalization } from '../data/normalization.js';
// TF.js keeps images as NHWC and weights as Keras lays them out; ONNX and PyTorch use NCHW and
// their own weight layouts. Every conversion between the two lives here, so it is tested once.

/** How ONNX and PyTorch exports take their input: TF.js's preprocessing, channels first. */
export const NCHW_PREPROCESSING = 'RGB pixels x in 0..255 → (x/255 − 0.5)/0.5, NCHW float32 [N, 3, 32, 32]';

/**
 * The preprocessing sentence for any Input size, in NHWC (TF.js) or NCHW (ONNX, PyTorch) order:
 * the model's own per-channel normalization where recorded, else the symmetric −1..1 scaling.
 */
export function preprocessingFor(shape: readonly number[], order: 'NHWC' | 'NCHW', normalization?: Normalization): string {
  if (normalization) return describeNormalization(normalization, order, shape);
  const [height, width, channels] = shape;
  const pixels = channels === 1 ? 'Gray pixels' : 'RGB pixels';
  const dims = order === 'NHWC' ? `[N, ${height}, ${width}, ${channels}]` : `[N, ${channels}, ${height}, ${width}]`;
  return `${pixels} x in 0..255 → (x/255 − 0.5)/0.5, ${order} float32 ${dims}`;
}

/** The input preparation of a channels-first export: the model's own normalization where recorded. */
export function nchwPreprocessing(metadata: { normalization?: Normalization }, shape: readonly number[] = [32, 32, 3]): string {
  return preprocessingFor(shape, 'NCHW', metadata.normalization);
}

/** Conv kernel: Keras [kh, kw, in, out] (HWIO) → ONNX/PyTorch [out, in, kh, kw] (OIHW). */
export function hwioToOihw(kernel: Float32Array, [kh, kw, inC, outC]: readonly number[]): Float32Array {
  const [h, w, i0, o0] = [kh ?? 0, kw ?? 0, inC ?? 0, outC ?? 0];
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let i = 0; i < i0; i++) {
        for (let o = 0; o < o0; o++) {
          out[((o * i0 + i) * h + y) * w + x] = kernel[((y * w + x) * i0 + i) * o0 + o] as number;
        }
      }
    }
  }
  return out;
}

/** Dense kernel: Keras [in, out] → PyTorch Linear / ONNX Gemm(transB=1) [out, in]. */
export function transpose2d(matrix: Float32Array, [rows, cols]: readonly number[]): Float32Array {
  const [r0, c0] = [rows ?? 0, cols ?? 0];
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < r0; r++) {
    for (let c = 0; c < c0; c++) out[c * r0 + r] = matrix[r * c0 + c] as number;
  }
  return out;
}

/** A batch of images: NHWC (TF.js) → NCHW (ONNX, PyTorch). */
export function nhwcToNchw(x: Float32Array, [n, h, w, c]: readonly number[]): Float32Array {
  const [n0, h0, w0, c0] = [n ?? 0, h ?? 0, w ?? 0, c ?? 0];
  const out = new Float32Array(x.length);
  for (let b = 0; b < n0; b++) {
    for (let y = 0; y < h0; y++) {
      for (let xx = 0; xx < w0; xx++) {
        for (let ch = 0; ch < c0; ch++) out[((b * c0 + ch) * h0 + y) * w0 + xx] = x[((b * h0 + y) * w0 + xx) * c0 + ch] as number;
      }
    }
  }
  return out;
}

/**
 * Padding [before, after] along one axis, as TF computes it for 'same': the total is whatever
 * makes the output ceil(input / stride) long, and an odd pixel goes after (bottom/right).
 * PyTorch's padding= and ONNX's SAME_LOWER put it before, so exporters use these explicit pads.
 */
export function padsFor(padding: string, input: number, window: number, stride: number): [number, number] {
  if (padding !== 'same') return [0, 0];
  const output = Math.ceil(input / stride);
  const total = Math.max((output - 1) * stride + window - input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Height and width pads of a spatial layer on an NHWC input shape: [top, bottom, left, right]. */
export function spatialPads(padding: string, inputShape: readonly number[], window: number, stride: number): [number, number, number, number] {
  const [top, bottom] = padsFor(padding, inputShape[0] ?? 0, window, stride);
  const [left, right] = padsFor(padding, inputShape[1] ?? 0, window, stride);
  return [top, bottom, left, right];
}

/**
 * Whether flattening this (NHWC) input in NCHW order would scramble the values: only an image
 * with more than one pixel and more than one channel. The exporters then go back to NHWC first.
 */
export function flattenNeedsNhwc(inputShape: readonly number[]): boolean {
  return inputShape.length === 3 && (inputShape[0] ?? 1) * (inputShape[1] ?? 1) > 1 && (inputShape[2] ?? 1) > 1;
}
