// MaxPoolGrad cases, with the gradient by its definition.
import * as tf from '../../tf.js';
import { axis, maxAbsDiff, pseudoRandom } from './util.js';

export interface MaxPoolCase {
  label: string;
  shape: [number, number, number, number];
  k: number;
  s: number;
  pad: 'valid' | 'same';
  /** Values rounded to halves, so windows hold equal maxima (the first one wins). */
  ties?: boolean;
}

export const MAXPOOL_CASES: MaxPoolCase[] = [
  { label: '2×2/2 valid b3', shape: [3, 8, 8, 3], k: 2, s: 2, pad: 'valid' },
  { label: '3×3/2 same odd b2', shape: [2, 9, 9, 2], k: 3, s: 2, pad: 'same' },
  { label: '2×2/1 valid overlapping', shape: [1, 7, 7, 2], k: 2, s: 1, pad: 'valid' },
  { label: '3×3/3 valid leftover rows', shape: [1, 10, 10, 2], k: 3, s: 3, pad: 'valid' },
  { label: '2×2/2 valid ties', shape: [2, 6, 6, 3], k: 2, s: 2, pad: 'valid', ties: true },
  { label: '2×2/2 valid odd sizes (leftover row and column)', shape: [2, 7, 9, 4], k: 2, s: 2, pad: 'valid' },
  { label: '2×2/2 same odd sizes (padded edge, general loop)', shape: [1, 5, 5, 2], k: 2, s: 2, pad: 'same' },
];

/** Runs MaxPoolGrad on the active backend and returns max |Δ| from the definition. */
export function maxPoolGradError(c: MaxPoolCase): number {
  let x = pseudoRandom(c.shape.reduce((n, d) => n * d, 1), 11);
  if (c.ties === true) x = x.map((v) => Math.round(v * 2) / 2);
  const xt = tf.tensor4d(x, c.shape);
  const y = tf.maxPool(xt, c.k, c.s, c.pad);
  const dyValues = pseudoRandom(y.size, 13);
  const dy = tf.tensor(dyValues, y.shape);
  const attrs = { filterSize: c.k, strides: c.s, pad: c.pad };
  const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: xt, output: y }, attrs) as tf.Tensor;
  const error = maxAbsDiff(dx.dataSync(), expectedMaxPoolGrad(x, c.shape, dyValues, c.k, c.s, c.pad));
  tf.dispose([xt, y, dy, dx]);
  return error;
}

/** Runs MaxPool on the active backend and returns max |Δ| from the window maxima. */
export function maxPoolError(c: MaxPoolCase): number {
  let x = pseudoRandom(c.shape.reduce((n, d) => n * d, 1), 17);
  if (c.ties === true) x = x.map((v) => Math.round(v * 2) / 2);
  const y = tf.tidy(() => tf.maxPool(tf.tensor4d(x, c.shape), c.k, c.s, c.pad));
  const error = maxAbsDiff(y.dataSync(), expectedMaxPool(x, c.shape, c.k, c.s, c.pad));
  y.dispose();
  return error;
}

/** Max pooling by the definition: the largest real pixel of each window. */
export function expectedMaxPool(x: Float32Array, shape: [number, number, number, number], k: number, s: number, pad: 'valid' | 'same'): Float64Array {
  const [B, H, W, C] = shape;
  const rows = axis(H, k, s, pad);
  const cols = axis(W, k, s, pad);
  const y = new Float64Array(B * rows.out * cols.out * C).fill(-Infinity);
  for (let b = 0; b < B; b++)
    for (let yo = 0; yo < rows.out; yo++)
      for (let xo = 0; xo < cols.out; xo++)
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++) {
            const iy = yo * s + i - rows.before;
            const ix = xo * s + j - cols.before;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            for (let c = 0; c < C; c++) {
              const at = ((b * rows.out + yo) * cols.out + xo) * C + c;
              y[at] = Math.max(y[at] as number, x[((b * H + iy) * W + ix) * C + c] as number);
            }
          }
  return y;
}

/** Max-pool gradient by the definition: dy goes to the first maximum of each window. */
export function expectedMaxPoolGrad(
  x: Float32Array,
  shape: [number, number, number, number],
  dy: Float32Array,
  k: number,
  s: number,
  pad: 'valid' | 'same',
): Float64Array {
  const [B, H, W, C] = shape;
  const rows = axis(H, k, s, pad);
  const cols = axis(W, k, s, pad);
  const dx = new Float64Array(x.length);
  for (let b = 0; b < B; b++)
    for (let yo = 0; yo < rows.out; yo++)
      for (let xo = 0; xo < cols.out; xo++)
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let where = -1;
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) {
              const y = yo * s + i - rows.before;
              const xx = xo * s + j - cols.before;
              if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
              const at = ((b * H + y) * W + xx) * C + c;
              if ((x[at] as number) > best) {
                best = x[at] as number;
                where = at;
              }
            }
          if (where >= 0) dx[where] = (dx[where] as number) + (dy[((b * rows.out + yo) * cols.out + xo) * C + c] as number);
        }
  return dx;
}

/**
 * Average-pool gradient by TF's definition: each dy spread over its window's real pixels,
 * divided by their count (the derivative of the forward, which averages real pixels only).
 */
export function expectedAvgPoolGrad(shape: [number, number, number, number], dy: Float32Array, k: number, s: number, pad: 'valid' | 'same'): Float64Array {
  const [B, H, W, C] = shape;
  const rows = axis(H, k, s, pad);
  const cols = axis(W, k, s, pad);
  const dx = new Float64Array(B * H * W * C);
  const inside = (y: number, x: number) => y >= 0 && y < H && x >= 0 && x < W;
  for (let b = 0; b < B; b++)
    for (let yo = 0; yo < rows.out; yo++)
      for (let xo = 0; xo < cols.out; xo++) {
        const [y0, x0] = [yo * s - rows.before, xo * s - cols.before];
        let count = 0;
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (inside(y0 + i, x0 + j)) count++;
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++) {
            if (!inside(y0 + i, x0 + j)) continue;
            for (let c = 0; c < C; c++) {
              const at = ((b * H + y0 + i) * W + x0 + j) * C + c;
              dx[at] = (dx[at] as number) + (dy[((b * rows.out + yo) * cols.out + xo) * C + c] as number) / count;
            }
          }
      }
  return dx;
}

/** The gradient of Σ dy·avgPool(x) through TF.js (its AvgPoolGrad kernel) against the definition. */
export function avgPoolGradError(c: MaxPoolCase): number {
  const xt = tf.tensor4d(pseudoRandom(c.shape.reduce((n, d) => n * d, 1), 11), c.shape);
  const outShape = tf.avgPool(xt, c.k, c.s, c.pad).shape;
  const dyValues = pseudoRandom(outShape.reduce((n, d) => n * d, 1), 13);
  const dy = tf.tensor(dyValues, outShape);
  const dx = tf.grad((x) => tf.sum(tf.mul(tf.avgPool(x as tf.Tensor4D, c.k, c.s, c.pad), dy)))(xt);
  const error = maxAbsDiff(dx.dataSync(), expectedAvgPoolGrad(c.shape, dyValues, c.k, c.s, c.pad));
  tf.dispose([xt, dy, dx]);
  return error;
}
