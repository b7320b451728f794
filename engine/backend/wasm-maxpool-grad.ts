// MaxPoolGrad for WASM: the shared JS loop run over views of the WASM heap. ~2× faster than
// the stock kernel and, unlike it, correct for all-negative windows (see maxpool-grad.ts).
import * as tf from '../tf.js';
import { maxPoolGradHandles, maxPoolGradInfo, maxPoolGradNhwc } from './maxpool-grad.js';
import type { WasmHeapBackend } from './wasm-call.js';

export function makeMaxPoolGradWasm(stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs;
    if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad needs inputs dy and input');
    if (!maxPoolGradHandles(input, dy)) {
      if (stock === undefined) throw new Error('MaxPoolGrad (wasm): only float32 NHWC is supported');
      return stock.kernelFunc(args);
    }
    const info = maxPoolGradInfo(input.shape, args.attrs as unknown as tf.MaxPoolGradAttrs);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput([...input.shape], 'float32');
    // Views taken after makeOutput (an allocation may grow the heap and detach older views),
    // with no allocation until the loop is done.
    const dx = backend.typedArrayFromHeap(out) as Float32Array;
    dx.fill(0); // heap memory is not zeroed
    maxPoolGradNhwc(backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(dy), dx, info);
    return out;
  };
}
