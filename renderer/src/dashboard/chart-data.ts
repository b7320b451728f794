import type { RunRecord } from '../stores/training-store.js';

export const RUN_COLORS = ['#7c9cff', '#3ecf8e', '#f5a524', '#ff6b8b', '#b38cff', '#2ec5d3', '#e6e86a', '#ff8f4a'];

export function runColor(runs: readonly RunRecord[], runId: string): string {
  const index = runs.findIndex((r) => r.id === runId);
  return RUN_COLORS[(index < 0 ? 0 : index) % RUN_COLORS.length] as string;
}

/** Per-batch loss of one run: x is the batch number counted from the start of the run. */
export function batchSeries(run: RunRecord): (number | null)[][] {
  return [run.batches.map((b) => b.step), run.batches.map((b) => b.loss)];
}

export function throughputSeries(run: RunRecord): (number | null)[][] {
  return [run.batches.map((b) => b.step), run.batches.map((b) => b.imagesPerSec)];
}

/**
 * Per-epoch curves: the viewed run's train and validation values, then each overlaid past run's
 * validation (or train, without a hold-out) curve, all on one epoch axis.
 */
export function epochSeries(viewed: RunRecord, overlays: readonly RunRecord[], metric: 'loss' | 'acc'): (number | null)[][] {
  const maxEpoch = Math.max(1, ...[viewed, ...overlays].map((r) => r.epochs.at(-1)?.epoch ?? 0));
  const xs = Array.from({ length: maxEpoch }, (_, i) => i + 1);
  const at = (run: RunRecord, pick: (e: RunRecord['epochs'][number]) => number | null) =>
    xs.map((x) => { const e = run.epochs.find((p) => p.epoch === x); return e ? pick(e) : null; });
  const val = metric === 'loss' ? (e: RunRecord['epochs'][number]) => e.valLoss : (e: RunRecord['epochs'][number]) => e.valAcc;
  const train = (e: RunRecord['epochs'][number]) => e[metric];
  return [xs, at(viewed, train), at(viewed, val), ...overlays.map((r) => at(r, (e) => val(e) ?? train(e)))];
}

/**
 * The learning rate per batch as it ran, beside the schedule's plan (stored runs have only the
 * plan): x is the batch number counted from the start of the run.
 */
export function learningRateSeries(run: RunRecord, plan: readonly { step: number; lr: number }[]): (number | null)[][] {
  const ran = run.batches.filter((b) => b.lr !== null);
  const steps = [...new Set([...plan.map((p) => p.step + 1), ...ran.map((b) => b.step)])].sort((a, b) => a - b);
  const planAt = new Map(plan.map((p) => [p.step + 1, p.lr]));
  const ranAt = new Map(ran.map((b) => [b.step, b.lr]));
  return [steps, steps.map((s) => planAt.get(s) ?? null), steps.map((s) => ranAt.get(s) ?? null)];
}
