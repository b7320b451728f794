import type { SpeedChoice, SpeedTrialOptions } from './speed.js';

/** The compute backends the engine can train on, best first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * Ordered best to worst: selection without a model walks this list and stops at the first that
 * loads; selection for a run (`speed`) times each that loads and takes the fastest.
 */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface SkippedBackend {
  name: string;
  /** One short human sentence: shown to the user next to the backend in use. */
  reason: string;
}

export interface BackendReport {
  name: BackendName;
  /** `tf.getBackend()` after selection ('tensorflow' for both native builds). */
  tfBackend: string;
  threads: number;
  /** WASM SIMD in use; null where the question does not apply (native, cpu). */
  simd: boolean | null;
  /** Layerloom's native C++ kernels run the heavy WASM kernels (engine/native); wasm only. */
  nativeKernels: boolean;
  /** Better options that were tried and did not load, best first. */
  skipped: SkippedBackend[];
  /** Things worth knowing that are not failures (e.g. why threads were not used). */
  notes: string[];
  /** How the backend was chosen by speed for this run's graph; null when it was not (pinned, or no graph). */
  speed: SpeedChoice | null;
}

export interface SelectBackendOptions {
  /** Force one backend; selection then fails (naming why) instead of falling back. */
  prefer?: BackendName;
  /** Threads requested for WASM; see wasm-init.ts for why Node gets one. */
  threads?: number;
  /** Choose by timing the run's model on each backend that loads (ignored with `prefer`). */
  speed?: SpeedTrialOptions;
}
