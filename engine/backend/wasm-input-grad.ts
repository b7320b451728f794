// A faster Conv2DBackpropInput (dx) for WASM at stride 1. The stock kernel is a scalar C++
// loop: 44 ms of a 154 ms LeNet step in PERF-NOTES, ~4× slower than this in a probe.
import * as tf from '../tf.js';
import { disposeAll, runWasmKernel, type WasmBackendLike } from './wasm-call.js';

/**
 * At stride 1, dx is the FORWARD convolution of dy with the filter rotated 180° and its
 * channel axes swapped ([kh,kw,Ci,Co] → [kh,kw,Co,Ci]), padded by kh−1−padTop above and
 * whatever makes the output H rows below (likewise for columns) — XNNPACK's SIMD conv.
 * Strides > 1 would need zeros between dy pixels (a transposed conv, which TF.js's WASM
 * build does not expose), NCHW is not supported by the WASM Conv2D, and unusual numeric
 * pads can make the derived pads negative: those cases go to the stock kernel.
 */
export function makeConv2dBackpropInputWasm(stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    const a = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter');
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(a.dataFormat),
    );
    const top = info.filterHeight - 1 - info.padInfo.top;
    const left = info.filterWidth - 1 - info.padInfo.left;
    const bottom = info.inHeight - info.outHeight + info.filterHeight - 1 - top;
    const right = info.inWidth - info.outWidth + info.filterWidth - 1 - left;
    const fast =
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      info.dataFormat === 'channelsLast' &&
      Math.min(top, left, bottom, right) >= 0;
    if (!fast) {
      if (stock === undefined) throw new Error('WASM backend has no stock Conv2DBackpropInput to fall back to');
      return stock.kernelFunc(args);
    }
    const wasm = args.backend as WasmBackendLike;
    const flipped = runWasmKernel(tf.Reverse, { x: filter }, { dims: [0, 1] }, wasm);
    const rotated = runWasmKernel(tf.Transpose, { x: flipped }, { perm: [0, 1, 3, 2] }, wasm);
    disposeAll(wasm, [flipped]);
    const dx = runWasmKernel(
      tf.Conv2D,
      { x: dy, filter: rotated },
      { strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1] },
      wasm,
    );
    disposeAll(wasm, [rotated]);
    return dx;
  };
}
