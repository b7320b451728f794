// BatchMatMul for WASM with transposed operands. The stock kernel hands transposeA/B to a
// scalar C++ loop instead of XNNPACK; a dense layer's backward pass uses exactly those
// (dx = dy·Wᵀ, dW = xᵀ·dy). Measured for [100,400]ᵀ·[400,120]-sized products: ~10 ms with
// the flag, ~1 ms with an explicit Transpose then the plain (XNNPACK) product.
import * as tf from '../tf.js';
import { disposeAll, runWasmKernel, type WasmBackendLike } from './wasm-call.js';

function swapLastTwo(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

export function makeBatchMatMulWasm(stock: tf.KernelConfig | undefined): tf.KernelFunc {
  if (stock === undefined) throw new Error('WASM backend has no BatchMatMul kernel to build on');
  return (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (a === undefined || b === undefined) throw new Error('BatchMatMul needs inputs a and b');
    if (!transposeA && !transposeB) return stock.kernelFunc(args);
    const wasm = args.backend as WasmBackendLike;
    const temporaries: tf.TensorInfo[] = [];
    const plain = (t: tf.TensorInfo, transposed: boolean): tf.TensorInfo => {
      if (!transposed) return t;
      const out = runWasmKernel(tf.Transpose, { x: t }, { perm: swapLastTwo(t.shape.length) }, wasm);
      temporaries.push(out);
      return out;
    };
    const result = stock.kernelFunc({
      inputs: { a: plain(a, transposeA), b: plain(b, transposeB) },
      backend: args.backend,
      attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    disposeAll(wasm, temporaries);
    return result;
  };
}
