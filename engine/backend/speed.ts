// Choosing the backend by measured speed: the fixed order (libtensorflow before WASM) is wrong
// for small nets, where WASM + Layerloom's native kernels beat libtensorflow 5× (LeNet), and
// right for deep ones (ResNet-mini). So a run times a few steps of its own model on each
// backend that loads, takes the fastest, and remembers the choice per graph shape and batch.
import type { BackendName, BackendReport } from './types.js';

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
  /**
   * measured now; cached from an earlier run of the same graph and batch; only one backend
   * loaded; provisional: the run trains on `chosen` while its rivals are timed in other
   * processes (a BackendContest settles it, and may switch, a few seconds in).
   */
  how: 'measured' | 'cached' | 'only' | 'provisional';
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
  isolated?: (name: 'tensorflow-gpu' | 'tensorflow', control: IsolatedControl) => Promise<number>;
  /**
   * Train first, choose after: where the only rivals of the one backend that starts here are
   * timed in other processes, the selection starts that backend at once (no trial before the
   * first batch) and hands over the contest, which the run settles once it has timed its own
   * steps (engine/train/deferred-backend.ts). Without it, every backend is timed before the run.
   */
  deferred?: (contest: BackendContest) => void;
  cache?: SpeedCache;
}

/** What an `isolated` trial is told: when to time, and whom to tell that it has loaded. */
export interface IsolatedControl {
  /** Time only once this settles (the run holds still meanwhile). */
  go: Promise<void>;
  /** Called when the other process has loaded the backend and run its untimed first step. */
  loaded: () => void;
  /** Aborted when the figure is no longer wanted: the process is ended. */
  signal: AbortSignal;
}

/**
 * The rest of a deferred choice (SpeedTrialOptions.deferred). The run trains on `current`
 * meanwhile and has the rivals load (`begin`); once `ready`, `settle` with the run's own images per second times each rival
 * (the run waits, so nothing else takes the CPU), remembers the choice and switches this
 * process to the fastest. A run that ends first calls `cancel`.
 */
export interface BackendContest {
  readonly current: BackendName;
  readonly rivals: readonly BackendName[];
  /** Starts the rivals' processes loading; the run calls it after its first batch, which their loading would slow. */
  begin(): void;
  /** Every rival has loaded (or failed): settling now holds the run only for the timing itself. */
  readonly ready: boolean;
  settle(ownImagesPerSec: number): Promise<BackendReport>;
  cancel(): void;
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
  if (choice.how === 'provisional') return `${choice.chosen} to start; the others are timed a few seconds into the run`;
  if (choice.measured.length === 0) return `${choice.chosen} (the only backend that loads)`;
  const chosen = choice.measured.find((m) => m.name === choice.chosen)?.label ?? choice.chosen;
  const figures = choice.measured.map((m) => `${m.label} ${Math.round(m.imagesPerSec)} img/s`).join(', ');
  return `${figures} → ${chosen}${choice.how === 'cached' ? ' (measured on an earlier run of this graph and batch)' : ''}`;
}

/** Fastest first; a tie keeps the order given (best-first order: GPU, then libtensorflow). */
export function rankBySpeed(measured: BackendSpeed[]): BackendSpeed[] {
  return measured.map((m, i) => ({ m, i })).sort((a, b) => b.m.imagesPerSec - a.m.imagesPerSec || a.i - b.i).map(({ m }) => m);
}
