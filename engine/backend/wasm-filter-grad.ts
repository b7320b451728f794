// Conv2DBackpropFilter for WASM, which TF.js 4.22 does not ship: without it no conv net trains.
import * as tf from '../tf.js';
import { filterGradGeometry, filterGradInputs } from './conv-filter-grad.js';
import { disposeAll, runWasmKernel, type WasmBackendLike } from './wasm-call.js';

/**
 * dW as a FORWARD convolution, so XNNPACK's SIMD conv does the work:
 *
 *   dW[i,j,ci,co] = Σ_{b,y,x} xPad[b, i + y·sh, j + x·sw, ci] · dy[b,y,x,co]
 *
 * reads as a stride-1 conv whose "batch" is Ci, whose "input channels" are B, and whose
 * "filter" is dy laid out [Ho,Wo,B,Co] with the original strides as dilations:
 *   x  [B,H,W,Ci]   → [Ci,H,W,B]    (input)
 *   dy [B,Ho,Wo,Co] → [Ho,Wo,B,Co]  (filter)
 *   conv → [Ci,kh',kw',Co] → slice to kh×kw → transpose to [kh,kw,Ci,Co].
 * Padding goes into the conv as explicit pads (XNNPACK takes asymmetric pads, so 'same' with
 * its extra bottom/right pixel needs no Pad kernel). With strides > 1 the last input rows
 * may reach past what any output used; the conv then yields kh' > kh and the slice drops them.
 * XNNPACK honours dilations and asymmetric explicit pads (checked against the definition in
 * wasm-kernels.test.ts, strides up to 3), so strided convs need no JS fallback.
 */
export const conv2dBackpropFilterWasm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = filterGradInputs(inputs);
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (a.dataFormat === 'NCHW') {
    // The WASM forward Conv2D rejects NCHW too, so a model cannot get here in practice.
    throw new Error('Conv2DBackpropFilter (wasm) supports NHWC only, as does the WASM Conv2D');
  }
  const wasm = backend as WasmBackendLike;
  const g = filterGradGeometry(x.shape, dy.shape, a);
  const padBottom = Math.max(0, (g.outHeight - 1) * g.strideHeight + g.filterHeight - g.inHeight - g.padTop);
  const padRight = Math.max(0, (g.outWidth - 1) * g.strideWidth + g.filterWidth - g.inWidth - g.padLeft);

  const xT = runWasmKernel(tf.Transpose, { x }, { perm: [3, 1, 2, 0] }, wasm);
  const dyT = runWasmKernel(tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] }, wasm);
  const conv = runWasmKernel(
    tf.Conv2D,
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: [[0, 0], [g.padTop, padBottom], [g.padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [g.strideHeight, g.strideWidth],
    },
    wasm,
  );
  // Disposing the filter tensor also frees the XNNPACK operator cached for it.
  disposeAll(wasm, [xT, dyT]);

  let taps = conv;
  if (conv.shape[1] !== g.filterHeight || conv.shape[2] !== g.filterWidth) {
    const size = [g.inChannels, g.filterHeight, g.filterWidth, g.outChannels];
    taps = runWasmKernel(tf.Slice, { x: conv }, { begin: [0, 0, 0, 0], size }, wasm);
    disposeAll(wasm, [conv]);
  }
  const dW = runWasmKernel(tf.Transpose, { x: taps }, { perm: [1, 2, 0, 3] }, wasm);
  disposeAll(wasm, [taps]);
  return dW;
};
