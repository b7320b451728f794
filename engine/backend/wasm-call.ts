// Calling the WASM backend's own kernels from our kernels, as its kernels call each other.
import * as tf from '../tf.js';

/** What our kernels need from BackendWasm (typed structurally: only disposeData is used). */
export interface WasmBackendLike {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** What kernels that write their own output need from BackendWasm: heap outputs and views of them. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}

/** Runs a kernel registered for 'wasm' (or `fallback`, the one we replaced) and returns its output. */
export function runWasmKernel(
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
  backend: WasmBackendLike,
  fallback?: tf.KernelConfig,
): tf.TensorInfo {
  const kernel: tf.KernelConfig | undefined = fallback ?? tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`WASM backend has no '${name}' kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** Frees intermediates straight away: they never become tf.Tensors, so tidy() cannot see them. */
export function disposeAll(backend: WasmBackendLike, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
