/** The compute backends the engine can train on, best first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Ordered best to worst: selection walks this list and stops at the first that loads. */
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
}

export interface SelectBackendOptions {
  /** Force one backend; selection then fails (naming why) instead of falling back. */
  prefer?: BackendName;
  /** Threads requested for WASM; see wasm-init.ts for why Node gets one. */
  threads?: number;
}
