// Starts TF.js's WASM backend under Node: binaries located from the installed package,
// SIMD when the runtime validates it, and our training kernels registered.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '../tf.js';
import { firstLine } from './first-line.js';
import { registerNativeKernels } from './native-kernels.js';
import { registerWasmKernelPatches } from './wasm-kernels.js';

const require = createRequire(import.meta.url);

export interface WasmStart {
  simd: boolean;
  threads: number;
  nativeKernels: boolean;
  notes: string[];
}

/**
 * The folder holding the package's .wasm binaries (its dist/, next to the Node entry point).
 * Resolved rather than assumed, so it still holds under hoisting, workspaces or a bundled
 * app; the loader's own default (the script's directory) breaks as soon as the JS is bundled.
 */
export function wasmBinaryFolder(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep;
}

/**
 * Why threads are not used under Node (kept as data so the report can show it):
 * TF.js 4.22 forces WASM_HAS_MULTITHREAD_SUPPORT off in Node (tfjs#3830); forcing it on makes
 * Emscripten start its pthread workers from blob: URLs, which Node's worker_threads rejects
 * (ERR_WORKER_PATH). Getting past that means patching globals (URL/Blob) for the whole
 * process, and the measured gain with 2 threads was +7% (PERF-NOTES) on machines where the
 * UI needs the other core anyway.
 */
export const WASM_THREADS_NOTE =
  'WASM runs on 1 thread under Node: TF.js 4.22 disables its threaded build there (tfjs#3830) ' +
  'and its pthread workers start from blob: URLs that Node rejects (ERR_WORKER_PATH)';

/** Throws with a short reason if the WASM backend cannot be started. */
export async function startWasmBackend(requestedThreads?: number): Promise<WasmStart> {
  let wasmPackage: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasmPackage = await import('@tensorflow/tfjs-backend-wasm');
  } catch (err) {
    throw new Error(`@tensorflow/tfjs-backend-wasm could not be loaded: ${firstLine(err)}`, { cause: err });
  }
  // The flag is registered by the import above; it validates a tiny SIMD module.
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const folder = wasmBinaryFolder();
  const binary = simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  if (!existsSync(join(folder, binary))) throw new Error(`${binary} is missing from ${folder}`);

  // Harmless once the backend is up; throws only after a failed initialisation. (Not guarded
  // with tf.findBackend: that call itself starts initialising a registered backend.)
  try {
    wasmPackage.setWasmPaths(folder);
  } catch (err) {
    throw new Error(`WASM backend failed to initialise earlier in this process: ${firstLine(err)}`, {
      cause: err,
    });
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('WASM backend failed to initialise (TF.js logged why)');
  registerWasmKernelPatches();
  const native = registerNativeKernels();

  // With native kernels on, the heavy kernels use their threads, so the WASM note is moot.
  const notes = [native.note];
  if (native.threads === 0 && requestedThreads !== undefined && requestedThreads > 1) notes.push(WASM_THREADS_NOTE);
  return { simd, threads: Math.max(native.threads, wasmPackage.getThreadsCount()), nativeKernels: native.threads > 0, notes };
}
