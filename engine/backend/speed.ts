// Choosing the backend by measured speed: the fixed order (libtensorflow before WASM) is wrong
// for small nets, where WASM + Layerloom's native kernels beat libtensorflow 5× (LeNet), and
// right for deep ones (ResNet-mini). So a run times a few steps of its own model on each
// backend that loads, takes the fastest, and remembers the choice per graph shape and batch.
import type { BackendName } from './types.js';

export interface BackendSpeed {
  name: BackendName;
  /** As the user reads it: 'wasm + native' where the native kernels run under WASM. */
  label: string;
  imagesPerSec: number;
}

export interface SpeedChoice {
  /** Fastest first. Empty when only one backend loaded (nothing to compare). */
  measured: BackendSpeed[];
  chosen: BackendName;
  /** measured now; cached from an earlier run of the same graph and batch; only one backend loaded. */
  how: 'measured' | 'cached' | 'only';
}

/** Where choices are remembered between runs (engine/backend/speed-cache.ts keeps them in a file). */
export interface SpeedCache {
  get(key: string): SpeedChoice | undefined;
  set(key: string, choice: SpeedChoice): void;
}

export interface SpeedTrialOptions {
  /**
   * Runs a few training steps of the real model on the backend now current and returns its
   * images per second; must dispose everything it creates (the next backend is timed next).
   */
  trial: () => Promise<number>;
  /** Names the graph shape and batch; the loaded backends are added to it here. */
  key: string;
  /**
   * Times the run's model on a libtensorflow backend in another process and returns its images
   * per second (rejecting with the reason it cannot run). With it, libtensorflow is loaded into
   * this process only if it wins: it takes ~350 MB that a losing backend would keep for the
   * whole run. Without it, those backends are timed here like the others.
   */
  isolated?: (name: 'tensorflow-gpu' | 'tensorflow') => Promise<number>;
  cache?: SpeedCache;
}

/**
 * An `isolated` trial's way of saying that no other process could be started at all (as opposed
 * to one that started and found the backend unusable): the backend is then timed in-process.
 */
export class IsolationUnavailableError extends Error {}

export function speedLabel(name: BackendName, nativeKernels: boolean): string {
  return name === 'wasm' && nativeKernels ? 'wasm + native' : name;
}

/** The CLI and panel line: "tensorflow 185 img/s, wasm + native 82 img/s → tensorflow". */
export function describeSpeedChoice(choice: SpeedChoice): string {
  if (choice.measured.length === 0) return `${choice.chosen} (the only backend that loads)`;
  const chosen = choice.measured.find((m) => m.name === choice.chosen)?.label ?? choice.chosen;
  const figures = choice.measured.map((m) => `${m.label} ${Math.round(m.imagesPerSec)} img/s`).join(', ');
  return `${figures} → ${chosen}${choice.how === 'cached' ? ' (measured on an earlier run of this graph and batch)' : ''}`;
}

/** Fastest first; a tie keeps the order given (best-first order: GPU, then libtensorflow). */
export function rankBySpeed(measured: BackendSpeed[]): BackendSpeed[] {
  return measured.map((m, i) => ({ m, i })).sort((a, b) => b.m.imagesPerSec - a.m.imagesPerSec || a.i - b.i).map(({ m }) => m);
}
