// Picks the best TF.js backend that actually starts here, and says why better ones did not.
// Order: libtensorflow GPU → libtensorflow CPU → WASM (XNNPACK, SIMD) → pure JS.
import { availableParallelism } from 'node:os';
import * as tf from '../tf.js';
import { registerCpuKernelPatches } from './cpu-kernels.js';
import { firstLine } from './first-line.js';
import { nodeNativeLoader, startNativeBackend, type NativeLoader } from './native.js';
import { BACKEND_ORDER, type BackendName, type BackendReport, type SelectBackendOptions, type SkippedBackend } from './types.js';
import { startWasmBackend } from './wasm-init.js';

interface Started {
  threads: number;
  simd: boolean | null;
  nativeKernels: boolean;
  notes: string[];
}

interface Failed {
  reason: string;
}

async function start(name: BackendName, opts: SelectBackendOptions, loader: NativeLoader): Promise<Started | Failed> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const attempt = await startNativeBackend(name, loader);
      // libtensorflow sizes its own intra-op pool to the machine; there is no knob here.
      return attempt.ok ? { threads: availableParallelism(), simd: null, nativeKernels: false, notes: [] } : { reason: attempt.reason };
    }
    case 'wasm':
      try {
        return await startWasmBackend(opts.threads);
      } catch (err) {
        return { reason: firstLine(err) };
      }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) return { reason: 'pure-JS CPU backend failed to initialise' };
      return { threads: 1, simd: null, nativeKernels: false, notes: [] };
  }
}

/**
 * The uncached selection, with the package loader injectable (tests reach the native
 * failure paths with a fake). Use `selectBackend` everywhere else.
 */
export async function selectBackendWith(loader: NativeLoader, opts: SelectBackendOptions = {}): Promise<BackendReport> {
  // Cheap and backend-local: patch the pure-JS kernels whichever backend wins, so a later
  // switch to 'cpu' does not meet the ~20×-slow stock dW kernel.
  registerCpuKernelPatches();
  const candidates = opts.prefer !== undefined ? [opts.prefer] : BACKEND_ORDER;
  const skipped: SkippedBackend[] = [];
  for (const name of candidates) {
    const result = await start(name, opts, loader);
    if ('reason' in result) {
      if (opts.prefer !== undefined) throw new Error(`Backend '${name}' was requested but cannot be used: ${result.reason}`);
      skipped.push({ name, reason: result.reason });
      continue;
    }
    return { name, tfBackend: tf.getBackend(), threads: result.threads, simd: result.simd, nativeKernels: result.nativeKernels, skipped, notes: result.notes };
  }
  // Unreachable while the pure-JS backend ships with @tensorflow/tfjs; kept as a clear message.
  throw new Error(`No TF.js backend could be started: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

interface Selection {
  prefer: BackendName | undefined;
  report: Promise<BackendReport>;
  /** Set once the selection succeeds, so `prefer: <what we already run>` reuses it. */
  name?: BackendName;
}

let current: Selection | null = null;

function noop(): void {}

/**
 * Selects the backend once per process; later calls return the same report (the same
 * promise, so concurrent callers share one selection), including a `prefer` naming the
 * backend already running. A `prefer` naming another backend switches (TF.js moves live
 * tensors across on first use). A failed selection is not cached: it can be retried, and
 * the previous selection stays current.
 */
export function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendReport> {
  if (current !== null && (opts.prefer === undefined || opts.prefer === current.prefer || opts.prefer === current.name)) {
    return current.report;
  }
  const previous = current;
  // Switches run one after another: two selections interleaving tf.setBackend calls could
  // leave TF.js on a backend neither report names.
  const settled = previous === null ? Promise.resolve() : previous.report.then(noop, noop);
  const entry: Selection = { prefer: opts.prefer, report: settled.then(() => selectBackendWith(nodeNativeLoader, opts)) };
  current = entry;
  entry.report.then(
    (report) => {
      entry.name = report.name;
    },
    // A failed forced selection changes nothing in TF.js: keep answering with the last good one.
    () => {
      if (current === entry) current = previous;
    },
  );
  return entry.report;
}
