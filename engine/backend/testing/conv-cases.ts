// Conv gradient cases for the dW/dx kernel tests, with the gradients by their definition.
import * as tf from '../../tf.js';
import { expect } from 'vitest';
import { axis, maxAbsDiff, pseudoRandom } from './util.js';

export interface FilterGradCase {
  label: string;
  x: [number, number, number, number];
  kernel: [number, number];
  outChannels: number;
  strides: [number, number];
  pad: 'valid' | 'same' | number;
}

/** valid/same/numeric pads, strides 1/2/3 (and mixed), kernels 1/3/5/7, odd sizes, batch 1–3, Co 1–40. */
export const FILTER_GRAD_CASES: FilterGradCase[] = [
  { label: '1×1 valid s1 b1', x: [1, 5, 5, 1], kernel: [1, 1], outChannels: 1, strides: [1, 1], pad: 'valid' },
  { label: '3×3 valid s1 b3 odd', x: [3, 7, 9, 2], kernel: [3, 3], outChannels: 4, strides: [1, 1], pad: 'valid' },
  { label: '3×3 same s1 b3 odd, Co 6', x: [3, 7, 9, 2], kernel: [3, 3], outChannels: 6, strides: [1, 1], pad: 'same' },
  { label: '3×3 same s2 b1 even', x: [1, 8, 8, 3], kernel: [3, 3], outChannels: 2, strides: [2, 2], pad: 'same' },
  { label: '3×3 same s2 b3 odd', x: [3, 9, 7, 2], kernel: [3, 3], outChannels: 3, strides: [2, 2], pad: 'same' },
  { label: '5×5 valid s2 b3 odd (extra rows)', x: [3, 10, 9, 2], kernel: [5, 5], outChannels: 3, strides: [2, 2], pad: 'valid' },
  { label: '5×5 same s2 b1 odd', x: [1, 11, 10, 3], kernel: [5, 5], outChannels: 2, strides: [2, 2], pad: 'same' },
  { label: '5×5 valid s1 b3 LeNet-like', x: [3, 14, 14, 6], kernel: [5, 5], outChannels: 16, strides: [1, 1], pad: 'valid' },
  { label: '1×1 valid s2 b3', x: [3, 7, 7, 4], kernel: [1, 1], outChannels: 3, strides: [2, 2], pad: 'valid' },
  { label: '3×5 same s(2,1) b3', x: [3, 9, 8, 2], kernel: [3, 5], outChannels: 2, strides: [2, 1], pad: 'same' },
  { label: '7×7 same s3 b3 (large dilation)', x: [3, 13, 11, 2], kernel: [7, 7], outChannels: 2, strides: [3, 3], pad: 'same' },
  { label: '3×3 pad 1 s2 b1', x: [1, 9, 9, 2], kernel: [3, 3], outChannels: 2, strides: [2, 2], pad: 1 },
  // VGG-like widths: several 16- and 8-channel blocks and odd column tails in the native kernels.
  { label: '3×3 same s1 b2 wide (Ci 20, Co 40)', x: [2, 6, 11, 20], kernel: [3, 3], outChannels: 40, strides: [1, 1], pad: 'same' },
];
export interface PreparedCase {
  xValues: Float32Array;
  dyValues: Float32Array;
  dyShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  expected: Float64Array;
}

/** Inputs for a case and dW by the definition, straight nested loops. */
export function prepareCase(c: FilterGradCase): PreparedCase {
  const [B, H, W, Ci] = c.x;
  const [kh, kw] = c.kernel;
  const [sh, sw] = c.strides;
  const Co = c.outChannels;
  const rows = axis(H, kh, sh, c.pad);
  const cols = axis(W, kw, sw, c.pad);
  const xValues = pseudoRandom(B * H * W * Ci, 17);
  const dyValues = pseudoRandom(B * rows.out * cols.out * Co, 29);
  const expected = new Float64Array(kh * kw * Ci * Co);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let ci = 0; ci < Ci; ci++)
        for (let co = 0; co < Co; co++) {
          let sum = 0;
          for (let b = 0; b < B; b++)
            for (let yo = 0; yo < rows.out; yo++)
              for (let xo = 0; xo < cols.out; xo++) {
                const y = yo * sh + i - rows.before;
                const x = xo * sw + j - cols.before;
                if (y < 0 || y >= H || x < 0 || x >= W) continue;
                sum +=
                  (xValues[((b * H + y) * W + x) * Ci + ci] as number) *
                  (dyValues[((b * rows.out + yo) * cols.out + xo) * Co + co] as number);
              }
          expected[((i * kw + j) * Ci + ci) * Co + co] = sum;
        }
  return {
    xValues,
    dyValues,
    dyShape: [B, rows.out, cols.out, Co],
    filterShape: [kh, kw, Ci, Co],
    expected,
  };
}

/** A case's sizes, strides and leading pads, as the definitions below read them. */
function caseGeometry(c: FilterGradCase, p: PreparedCase) {
  const [B, H, W, Ci] = c.x;
  const [kh, kw] = c.kernel;
  const [sh, sw] = c.strides;
  const [, Ho, Wo, Co] = p.dyShape;
  return { B, H, W, Ci, kh, kw, sh, sw, Ho, Wo, Co, top: axis(H, kh, sh, c.pad).before, left: axis(W, kw, sw, c.pad).before };
}

/** dx by the definition for the same case: the input gradient of the conv. */
export function expectedInputGrad(c: FilterGradCase, p: PreparedCase, filterValues: Float32Array): Float64Array {
  const { B, H, W, Ci, kh, kw, sh, sw, Ho, Wo, Co, top, left } = caseGeometry(c, p);
  const dx = new Float64Array(B * H * W * Ci);
  for (let b = 0; b < B; b++)
    for (let yo = 0; yo < Ho; yo++)
      for (let xo = 0; xo < Wo; xo++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const y = yo * sh + i - top;
            const x = xo * sw + j - left;
            if (y < 0 || y >= H || x < 0 || x >= W) continue;
            for (let ci = 0; ci < Ci; ci++)
              for (let co = 0; co < Co; co++) {
                const at = ((b * H + y) * W + x) * Ci + ci;
                dx[at] =
                  (dx[at] as number) +
                  (p.dyValues[((b * Ho + yo) * Wo + xo) * Co + co] as number) *
                    (filterValues[((i * kw + j) * Ci + ci) * Co + co] as number);
              }
          }
  return dx;
}

/** Runs Conv2DBackpropInput on the active backend through the engine. */
export function runInputGrad(c: FilterGradCase, p: PreparedCase, filterValues: Float32Array): { shape: number[]; values: Float32Array } {
  const dy = tf.tensor4d(p.dyValues, p.dyShape);
  const filter = tf.tensor4d(filterValues, p.filterShape);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
  const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: dx.shape, values: dx.dataSync() as Float32Array };
  tf.dispose([dy, filter, dx]);
  return result;
}

/** Runs Conv2DBackpropFilter on the active backend through the engine, as gradients do. */
export function runFilterGrad(c: FilterGradCase, p: PreparedCase): { shape: number[]; values: Float32Array } {
  const x = tf.tensor4d(p.xValues, c.x);
  const dy = tf.tensor4d(p.dyValues, p.dyShape);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: p.filterShape };
  const dW = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: dW.shape, values: dW.dataSync() as Float32Array };
  tf.dispose([x, dy, dW]);
  return result;
}

/** The forward conv by the definition for a case: y = act(x ⊛ w + bias), NHWC. */
export function expectedConv(
  c: FilterGradCase,
  p: PreparedCase,
  filterValues: Float32Array,
  opts: { bias?: Float32Array; relu?: boolean } = {},
): Float64Array {
  const { B, H, W, Ci, kh, kw, sh, sw, Ho, Wo, Co, top, left } = caseGeometry(c, p);
  const y = new Float64Array(B * Ho * Wo * Co);
  for (let b = 0; b < B; b++)
    for (let yo = 0; yo < Ho; yo++)
      for (let xo = 0; xo < Wo; xo++)
        for (let co = 0; co < Co; co++) {
          let sum = opts.bias?.[co] ?? 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const yy = yo * sh + i - top;
              const xx = xo * sw + j - left;
              if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
              for (let ci = 0; ci < Ci; ci++) {
                sum +=
                  (p.xValues[((b * H + yy) * W + xx) * Ci + ci] as number) *
                  (filterValues[((i * kw + j) * Ci + ci) * Co + co] as number);
              }
            }
          y[((b * Ho + yo) * Wo + xo) * Co + co] = opts.relu === true ? Math.max(sum, 0) : sum;
        }
  return y;
}

/** Conv2DBackpropFilter on the active backend against the definition: shape and values. */
export function expectFilterGradMatches(c: FilterGradCase, p: PreparedCase = prepareCase(c), where?: string): void {
  const got = runFilterGrad(c, p);
  expect(got.shape, where).toEqual(p.filterShape);
  expect(maxAbsDiff(got.values, p.expected), where).toBeLessThanOrEqual(1e-4);
}

/** Conv2DBackpropInput on the active backend against the definition: shape and values. */
export function expectInputGradMatches(
  c: FilterGradCase,
  p: PreparedCase = prepareCase(c),
  filter: Float32Array = pseudoRandom(p.filterShape.reduce((n, d) => n * d, 1), 41),
  where?: string,
): void {
  const got = runInputGrad(c, p, filter);
  expect(got.shape, where).toEqual(c.x);
  expect(maxAbsDiff(got.values, expectedInputGrad(c, p, filter)), where).toBeLessThanOrEqual(1e-4);
}
