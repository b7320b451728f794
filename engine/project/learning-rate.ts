import type { Schedule } from './schema.js';

/** What a schedule needs to know about the run: its length in optimizer steps. */
export interface ScheduleRun {
  /** The peak learning rate (the training block's learningRate). */
  learningRate: number;
  stepsPerEpoch: number;
  epochs: number;
}

/** One-cycle's constants, PyTorch's OneCycleLR defaults, so the PyTorch twin of a recipe follows the same curve. */
export const ONE_CYCLE = { pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 } as const;

const cosineBetween = (start: number, end: number, pct: number) => end + ((start - end) / 2) * (1 + Math.cos(Math.PI * Math.min(Math.max(pct, 0), 1)));

/**
 * The learning rate of optimizer step `step` (0-based, over the whole run). Warm-up is a linear
 * rise to the peak over `warmupEpochs`; then constant, ×stepFactor every stepEpochs epochs,
 * cosine down to 0 at the last step, or one-cycle (PyTorch's OneCycleLR: cosine up from
 * peak/25 then down to peak/25/10⁴; warm-up, when set, replaces its 30% rise).
 */
export function learningRateAt(schedule: Schedule, run: ScheduleRun, step: number): number {
  const total = Math.max(1, run.stepsPerEpoch * run.epochs);
  const warmup = Math.min(total, Math.round(schedule.warmupEpochs * run.stepsPerEpoch));
  const peak = run.learningRate;
  if (schedule.kind === 'onecycle') {
    const initial = peak / ONE_CYCLE.divFactor;
    const final = initial / ONE_CYCLE.finalDivFactor;
    const riseEnd = (warmup > 0 ? warmup : ONE_CYCLE.pctStart * total) - 1;
    const lastStep = total - 1;
    if (step <= riseEnd) return cosineBetween(initial, peak, riseEnd <= 0 ? 1 : step / riseEnd);
    return cosineBetween(peak, final, lastStep <= riseEnd ? 1 : (step - riseEnd) / (lastStep - riseEnd));
  }
  if (step < warmup) return (peak * (step + 1)) / warmup;
  switch (schedule.kind) {
    case 'constant':
      return peak;
    case 'step':
      return peak * schedule.stepFactor ** Math.floor(Math.floor(step / run.stepsPerEpoch) / schedule.stepEpochs);
    case 'cosine':
      return cosineBetween(peak, 0, total === warmup ? 1 : (step - warmup) / (total - warmup));
  }
}

/** The learning rate at every step, sampled to at most `points` values, for the dashboard's curve before a run. */
export function learningRateCurve(schedule: Schedule, run: ScheduleRun, points = 200): { step: number; lr: number }[] {
  const total = Math.max(1, run.stepsPerEpoch * run.epochs);
  const stride = Math.max(1, Math.ceil(total / points));
  const out: { step: number; lr: number }[] = [];
  for (let step = 0; step < total; step += stride) out.push({ step, lr: learningRateAt(schedule, run, step) });
  if (out[out.length - 1]?.step !== total - 1) out.push({ step: total - 1, lr: learningRateAt(schedule, run, total - 1) });
  return out;
}
