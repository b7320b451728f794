// Dropout on WASM as one native kernel (engine/native/elementwise/dropout.h): the mask is a
// hash of (seed, element index), so the gradient is the same kernel on dy with the forward's
// seed, and nothing is stored between them. Stock tf.dropout draws its mask in JavaScript
// (~1.5 ms per step for a [64,1024] input) and applies it with four more kernels.
import * as tf from '../tf.js';
import { overrideKernel } from './kernel-override.js';
import type { WasmHeapBackend } from './wasm-call.js';

export interface NativeDropoutKernels {
  /** y = x·(1/(1 − rate)) where element i is kept (its hash with seed draws ≥ rate), else 0. */
  dropout(x: Float32Array, y: Float32Array, rate: number, seed: number, reference: boolean): void;
}

/** Input x; attrs rate ∈ [0, 1) and seed (a uint32 drawn per step); output y. */
export const LAYERLOOM_DROPOUT = 'LayerloomDropout';

export interface DropoutAttrs {
  rate: number;
  seed: number;
}

tf.registerGradient({
  kernelName: LAYERLOOM_DROPOUT,
  gradFunc: (dy, _saved, attrs) => ({
    x: () => tf.engine().runKernel(LAYERLOOM_DROPOUT, { x: dy as tf.Tensor }, attrs as tf.NamedAttrMap) as tf.Tensor,
  }),
});

function dropout(native: NativeDropoutKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const { rate, seed } = attrs as unknown as DropoutAttrs;
    if (x === undefined || x.dtype !== 'float32') throw new Error(`${LAYERLOOM_DROPOUT} needs a float32 input x; got ${x?.dtype ?? 'none'}`);
    if (!(rate >= 0 && rate < 1) || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`${LAYERLOOM_DROPOUT} needs a rate in [0, 1) and a uint32 seed; got rate ${rate}, seed ${seed}`);
    }
    const heap = backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput([...x.shape], 'float32');
    native.dropout(heap.typedArrayFromHeap(x) as Float32Array, heap.typedArrayFromHeap(out) as Float32Array, rate, seed, false);
    return out;
  };
}

/** Registers the dropout kernel on WASM (idempotent). */
export function registerNativeDropout(native: NativeDropoutKernels, layer: string): void {
  overrideKernel(LAYERLOOM_DROPOUT, 'wasm', () => dropout(native), layer);
}
