// Max-pool gradient as one flat pass, shared by the WASM and CPU kernels. The stock CPU
// kernel goes through TensorBuffer.get per element (~1 s of a LeNet step on 2 cores). The
// stock WASM kernel (TF.js 4.22) is ~2× slower than this loop and WRONG for windows whose
// values are all negative: it sends their gradient to the window's first element instead of
// its maximum (its running max seems to start at 0). After ReLU that never shows; after
// tanh, leakyReLU, batchnorm or a linear conv it does (~1.5% of dx wrong on random data).
import * as tf from '../tf.js';

export function maxPoolGradInfo(
  inputShape: number[],
  attrs: tf.MaxPoolGradAttrs,
): ReturnType<typeof tf.backend_util.computePool2DInfo> {
  return tf.backend_util.computePool2DInfo(
    inputShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/**
 * Adds each dy value to dx at the first maximum of its window in row-major window order
 * (the position TF.js's CPU kernel picks), summing where windows overlap. dx must start zeroed.
 * NHWC; a window of NaNs has no maximum and passes no gradient, as in TF.js's CPU kernel.
 */
export function maxPoolGradNhwc(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dx: Float32Array,
  info: ReturnType<typeof tf.backend_util.computePool2DInfo>,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const rowStride = W * C;
  if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && top === 0 && left === 0 && 2 * Ho <= H && 2 * Wo <= W) {
    maxPoolGrad2x2(x, dy, dx, B, H, W, C, Ho, Wo);
    return;
  }
  for (let b = 0; b < B; b++) {
    for (let yo = 0; yo < Ho; yo++) {
      const y0 = yo * sh - top;
      const iMin = Math.max(0, -y0);
      const iMax = Math.min(kh, H - y0);
      for (let xo = 0; xo < Wo; xo++) {
        const x0 = xo * sw - left;
        const jMin = Math.max(0, -x0);
        const jMax = Math.min(kw, W - x0);
        const corner = ((b * H + y0) * W + x0) * C;
        const dyAt = ((b * Ho + yo) * Wo + xo) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let where = -1;
          for (let i = iMin; i < iMax; i++) {
            for (let j = jMin, at = corner + i * rowStride + j * C + c; j < jMax; j++, at += C) {
              const v = x[at] as number;
              if (v > best) {
                best = v;
                where = at;
              }
            }
          }
          if (where >= 0) dx[where] = (dx[where] as number) + (dy[dyAt + c] as number);
        }
      }
    }
  }
}

/**
 * The common 2×2, stride 2, unpadded pool (LeNet, VGG): windows are disjoint and inside the
 * input, so each dy value lands in exactly one place and nothing accumulates. Same rule as
 * the general loop (strict >, row-major, so the first maximum wins and NaNs never do),
 * unrolled: 2.1× faster than the general loop on LeNet's pools (7.4 → 3.5 ms and 2.15 → 1.0 ms
 * a batch of 100). A branch-free variant (Math.max, comparisons as numbers) was slower (4.2 ms).
 */
function maxPoolGrad2x2(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dx: Float32Array,
  B: number,
  H: number,
  W: number,
  C: number,
  Ho: number,
  Wo: number,
): void {
  const rowStride = W * C;
  let dyAt = 0;
  for (let b = 0; b < B; b++) {
    for (let yo = 0; yo < Ho; yo++) {
      let p = (b * H + 2 * yo) * rowStride;
      for (let xo = 0; xo < Wo; xo++, p += 2 * C) {
        for (let c = 0; c < C; c++, dyAt++) {
          const a0 = p + c;
          const a1 = a0 + C;
          const a2 = a0 + rowStride;
          const a3 = a2 + C;
          let best = -Infinity;
          let where = -1;
          let v = x[a0] as number;
          if (v > best) {
            best = v;
            where = a0;
          }
          v = x[a1] as number;
          if (v > best) {
            best = v;
            where = a1;
          }
          v = x[a2] as number;
          if (v > best) {
            best = v;
            where = a2;
          }
          v = x[a3] as number;
          if (v > best) where = a3;
          if (where >= 0) dx[where] = dy[dyAt] as number;
        }
      }
    }
  }
}

/** float32 NHWC rank-4 is what the loop handles; anything else goes to the stock kernel. */
export function maxPoolGradHandles(input: tf.TensorInfo, dy: tf.TensorInfo): boolean {
  return input.dtype === 'float32' && dy.dtype === 'float32' && input.shape.length === 4;
}
