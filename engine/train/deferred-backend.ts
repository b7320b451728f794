// A run's side of a deferred backend choice (engine/backend/speed.ts: BackendContest): the run
// starts at once on the backend that loads here, its own steps are that backend's timing, and
// a few seconds in it holds still while the rivals are timed in their processes. The first
// batch thus waits for no trial (it did: 2–3 s of trials before it on every new graph).
import type { BackendContest, BackendReport } from '../backend/index.js';
import { createOptimizer, type TrainOptimizer } from './optimizer.js';
import { DEFAULT_TRIAL, typicalStep } from './speed-trial.js';

/** The first step builds kernels and grows memory, the second still pays some of that. */
const UNTIMED_STEPS = 2;
/** Fewer timed steps than this are too few to trust even when each is long. */
const MIN_TIMED_STEPS = 3;

export class DeferredBackendChoice {
  private readonly times: number[] = [];
  private steps = 0;
  private open = true;

  constructor(private readonly contest: BackendContest, private readonly batchSize: number) {}

  /** After each training step: its seconds (the step alone, not the batch's preparation). */
  record(seconds: number): void {
    if (!this.open) return;
    this.contest.begin();
    if (++this.steps <= UNTIMED_STEPS) return;
    // Steps beside a rival that is still loading (its process takes a core) would undersell this backend.
    if (!this.contest.ready) {
      this.times.length = 0;
      return;
    }
    this.times.push(seconds);
    if (this.times.length > DEFAULT_TRIAL.maxSteps) this.times.shift();
  }

  /** Neither settled nor cancelled yet. */
  get pending(): boolean {
    return this.open;
  }

  /** As many steps timed as a trial times, and every rival loaded: settle now. */
  get due(): boolean {
    if (!this.open || !this.contest.ready) return false;
    const timed = this.times.reduce((sum, t) => sum + t, 0);
    return this.times.length >= DEFAULT_TRIAL.maxSteps || (this.times.length >= MIN_TIMED_STEPS && timed >= DEFAULT_TRIAL.seconds);
  }

  /** Times the rivals against the run's figure; the report says which backend runs from now on. */
  settle(): Promise<BackendReport> {
    this.open = false;
    return this.contest.settle(this.batchSize / typicalStep(this.times));
  }

  /** The run ends before settling: the rivals' processes end too, and nothing is remembered. */
  cancel(): void {
    if (!this.open) return;
    this.open = false;
    this.contest.cancel();
  }
}

/**
 * The same optimizer, state included, built again on the backend now current: fused update
 * kernels exist on some backends only, and the optimizer picks its path when it is made.
 */
export function rebuildOptimizer(old: TrainOptimizer, training: Parameters<typeof createOptimizer>[0], variableNames: readonly string[]): TrainOptimizer {
  const next = createOptimizer(training);
  next.writeSlots(variableNames, old.readSlots(variableNames));
  next.setIterations(old.iterations);
  next.learningRate = old.learningRate;
  old.dispose();
  return next;
}
