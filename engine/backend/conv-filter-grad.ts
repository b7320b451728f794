// Shared pieces of the Conv2DBackpropFilter (dW) kernels: the geometry both kernels
// derive from the op's attributes, and a flat-index JS loop for dW.
import * as tf from '../tf.js';

/** x and dy of a Conv2DBackpropFilter call; TF.js types them as possibly missing. */
export function filterGradInputs(inputs: tf.NamedTensorInfoMap): { x: tf.TensorInfo; dy: tf.TensorInfo } {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy');
  return { x, dy };
}

/** Everything a dW kernel needs, in NHWC terms. */
export interface FilterGradGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Reads the geometry with TF.js's own `computeConv2DInfo`, so 'valid', 'same', numeric and
 * explicit padding and dimRoundingMode mean exactly what they mean in the forward op.
 */
export function filterGradGeometry(
  xShape: number[],
  dyShape: number[],
  attrs: tf.Conv2DBackpropFilterAttrs,
): FilterGradGeometry {
  if (xShape.length !== 4 || dyShape.length !== 4) {
    throw new Error(`Conv2DBackpropFilter expects rank-4 x and dy, got [${xShape}] and [${dyShape}]`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1, // gradients of dilated convs are not supported by TF.js either
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const [, outHeight, outWidth] = dyShape as [number, number, number, number];
  if (outHeight !== info.outHeight || outWidth !== info.outWidth) {
    throw new Error(
      `Conv2DBackpropFilter: dy is ${outHeight}×${outWidth} but x [${xShape}] with these attrs gives ` +
        `${info.outHeight}×${info.outWidth}`,
    );
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight,
    outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * dW[i,j,ci,co] = Σ_{b,yo,xo} x[b, yo·sh+i−padTop, xo·sw+j−padLeft, ci] · dy[b,yo,xo,co].
 *
 * Flat typed-array indices throughout (the stock CPU kernel goes through TensorBuffer.get per
 * element, ~20× slower). Per filter tap and input channel, the sum runs over all positions
 * with four output channels at a time in local accumulators: one x load feeds four
 * multiply-adds and the sums stay in registers (doubles) instead of a load and store per
 * multiply-add; 1.3–1.9× faster than an outer-product loop on LeNet's shapes. Positions whose
 * input pixel is padding are clipped out of the loop bounds once per tap.
 */
export function conv2dFilterGradNhwc(x: ArrayLike<number>, dy: ArrayLike<number>, g: FilterGradGeometry): Float32Array {
  const { batch, inHeight: H, inWidth: W, inChannels: Ci, outHeight: Ho, outWidth: Wo, outChannels: Co } = g;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const dW = new Float32Array(kh * kw * Ci * Co);
  const xStep = sw * Ci;
  for (let i = 0; i < kh; i++) {
    // Output rows whose input row yo·sh + i − padTop lies inside the image.
    const yoMin = Math.max(0, Math.ceil((padTop - i) / sh));
    const yoMax = Math.min(Ho, Math.floor((H - 1 + padTop - i) / sh) + 1);
    for (let j = 0; j < kw; j++) {
      const xoMin = Math.max(0, Math.ceil((padLeft - j) / sw));
      const xoMax = Math.min(Wo, Math.floor((W - 1 + padLeft - j) / sw) + 1);
      for (let ci = 0; ci < Ci; ci++) {
        const out = ((i * kw + j) * Ci + ci) * Co;
        let co = 0;
        for (; co + 4 <= Co; co += 4) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let b = 0; b < batch; b++) {
            for (let yo = yoMin; yo < yoMax; yo++) {
              let xAt = ((b * H + yo * sh + i - padTop) * W + xoMin * sw + j - padLeft) * Ci + ci;
              let dyAt = ((b * Ho + yo) * Wo + xoMin) * Co + co;
              for (let xo = xoMin; xo < xoMax; xo++, xAt += xStep, dyAt += Co) {
                const v = x[xAt] as number;
                s0 += v * (dy[dyAt] as number);
                s1 += v * (dy[dyAt + 1] as number);
                s2 += v * (dy[dyAt + 2] as number);
                s3 += v * (dy[dyAt + 3] as number);
              }
            }
          }
          dW[out + co] = s0;
          dW[out + co + 1] = s1;
          dW[out + co + 2] = s2;
          dW[out + co + 3] = s3;
        }
        for (; co < Co; co++) {
          let s = 0;
          for (let b = 0; b < batch; b++) {
            for (let yo = yoMin; yo < yoMax; yo++) {
              let xAt = ((b * H + yo * sh + i - padTop) * W + xoMin * sw + j - padLeft) * Ci + ci;
              let dyAt = ((b * Ho + yo) * Wo + xoMin) * Co + co;
              for (let xo = xoMin; xo < xoMax; xo++, xAt += xStep, dyAt += Co) s += (x[xAt] as number) * (dy[dyAt] as number);
            }
          }
          dW[out + co] = s;
        }
      }
    }
  }
  return dW;
}
