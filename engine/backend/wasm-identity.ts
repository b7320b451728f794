// Identity, and Cast to the same dtype, for WASM without the copy. The stock kernels allocate
// and memcpy a fresh tensor; autodiff and tf.layers call Identity several times a step on
// activation-sized tensors (LeNet: 3× [100,28,28,6] and more), and ReLU's gradient casts a
// float32 step() to float32 (~1.5 ms of a LeNet step together). The CPU backend shares the
// data instead (refcount +1), as the WASM Reshape already does: WASM kernels never write
// into their inputs, so sharing is safe.
import * as tf from '../tf.js';

/** What this kernel needs from BackendWasm. */
interface WasmRefBackend {
  incRef(dataId: tf.DataId): void;
}

function share(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as WasmRefBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function makeIdentityWasm(stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    if (x === undefined) throw new Error('Identity needs input x');
    if (x.dtype === 'string') {
      if (stock === undefined) throw new Error('WASM backend has no stock Identity for strings');
      return stock.kernelFunc(args);
    }
    return share(x, args.backend);
  };
}

export function makeCastWasm(stock: tf.KernelConfig | undefined): tf.KernelFunc {
  if (stock === undefined) throw new Error('WASM backend has no Cast kernel to build on');
  return (args) => {
    const { x } = args.inputs;
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    if (x === undefined) throw new Error('Cast needs input x');
    if (x.dtype !== dtype || dtype === 'string') return stock.kernelFunc(args);
    return share(x, args.backend);
  };
}
