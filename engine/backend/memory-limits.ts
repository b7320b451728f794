import { freemem } from 'node:os';
import type { MemoryLimits } from '../graph/memory.js';
import { nodeNativeLoader, type NativeLoader } from './native.js';
import type { BackendName } from './types.js';

/** TF.js WASM is a 32-bit WebAssembly module: one heap of at most 4 GiB for every tensor. */
export const WASM_MAX_BYTES = 4 * 1024 ** 3;
/** V8's largest typed array (measured on Node 20: 2^32 float32 elements allocate, 2^33 throw "Invalid typed array length"). */
export const MAX_TENSOR_ELEMENTS = 2 ** 32;

/** What a run on `backend` can use here: the machine's free memory and the backend's own ceiling. */
export function memoryLimits(backend: BackendName, freeBytes = freemem()): MemoryLimits {
  return { freeBytes, backend, backendMaxBytes: backend === 'wasm' ? WASM_MAX_BYTES : null, maxTensorElements: MAX_TENSOR_ELEMENTS };
}

/**
 * The backend a run would most likely get, without starting any (validation stays fast):
 * libtensorflow when its package is installed, else WASM.
 */
export function likelyBackend(loader: NativeLoader = nodeNativeLoader): BackendName {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      loader.resolve(pkg);
      return pkg.endsWith('gpu') ? 'tensorflow-gpu' : 'tensorflow';
    } catch { /* not installed: the next one */ }
  }
  return 'wasm';
}
