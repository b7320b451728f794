// A benchmark row (what one network measured on both sides) and how it is printed: a table
// for people, one JSON object per row for scripts. `--all` runs each row in a child process
// and reads its JSON back, so the row's shape is also a schema checked at that boundary.
import { z } from 'zod';
import { table, thousands } from '../cli/format.js';
import type { Spread } from './stats.js';

const spreadSchema = z.object({ median: z.number(), min: z.number(), max: z.number() });

const layerloomSchema = z.object({
  imagesPerSec: spreadSchema,
  runs: z.array(z.number()),
  firstBatchSeconds: z.number(),
  peakRssMB: z.number(),
  eventLoopLagMs: z.number(),
  backend: z.string(),
  nativeKernels: z.boolean(),
  threads: z.number().int(),
  trainableParams: z.number().int(),
});

const referenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pytorch-twin'),
    python: z.string(),
    torch: z.string(),
    threads: z.number().int(),
    trainableParams: z.number().int(),
    imagesPerSec: spreadSchema,
    runs: z.array(z.number()),
    firstBatchSeconds: z.number(),
    peakRssMB: z.number().nullable(),
  }),
  z.object({ kind: z.literal('command'), command: z.string(), imagesPerSec: spreadSchema, runs: z.array(z.number()) }),
]);

export const benchRowSchema = z.object({
  network: z.string(),
  /** The template id, or the project file as given. */
  source: z.string(),
  training: z.object({ batchSize: z.number().int(), optimizer: z.enum(['adam', 'sgd']), learningRate: z.number(), momentum: z.number() }),
  repeats: z.number().int(),
  batchesPerRepeat: z.number().int(),
  warmupBatches: z.number().int(),
  /** Cores, and the 1-minute load average before and after the row: above the core count, others were computing too. */
  machine: z.object({ cores: z.number().int(), loadBefore: z.number(), loadAfter: z.number() }).nullable(),
  layerloom: layerloomSchema.nullable(),
  reference: referenceSchema.nullable(),
  /** Median of the per-pair ratios Layerloom ÷ reference, with their min and max and each one. */
  ratio: spreadSchema.extend({ runs: z.array(z.number()) }).nullable(),
  /** Why a side is missing, or what the reader should know about the row (e.g. a parameter-count mismatch). */
  notes: z.array(z.string()),
});

export type BenchRow = z.infer<typeof benchRowSchema>;
export type LayerloomResult = z.infer<typeof layerloomSchema>;
export type ReferenceResult = z.infer<typeof referenceSchema>;

export function formatRate(s: Spread): string {
  return `${thousands(Math.round(s.median))} (${thousands(Math.round(s.min))}–${thousands(Math.round(s.max))})`;
}

export function formatRatio(s: Spread): string {
  return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

const optimizerName = (t: BenchRow['training']) => (t.optimizer === 'adam' ? `Adam lr ${t.learningRate}` : `SGD lr ${t.learningRate} momentum ${t.momentum}`);

/** "PyTorch 2.13.0+cpu" when every row has the same twin, else a generic word. */
function referenceLabel(rows: readonly BenchRow[]): string {
  const refs = rows.map((r) => r.reference).filter((r) => r !== null);
  if (refs.length > 0 && refs.every((r) => r.kind === 'pytorch-twin' && r.torch === (refs[0] as { torch?: string }).torch)) {
    return `PyTorch ${(refs[0] as { torch: string }).torch}`;
  }
  return 'reference';
}

/** The table and the lines under it that say how it was measured. */
export function formatTable(rows: readonly BenchRow[]): string {
  const ref = referenceLabel(rows);
  const body = rows.map((r) => [
    r.network,
    String(r.training.batchSize),
    r.layerloom ? formatRate(r.layerloom.imagesPerSec) : 'failed',
    r.reference ? formatRate(r.reference.imagesPerSec) : '—',
    r.ratio ? formatRatio(r.ratio) : '—',
    r.layerloom ? `${r.layerloom.firstBatchSeconds.toFixed(2)} s` : '—',
    r.layerloom ? `${thousands(r.layerloom.peakRssMB)} MB` : '—',
    r.layerloom ? `${r.layerloom.eventLoopLagMs} ms` : '—',
  ]);
  const out = [table(
    ['network', 'batch', 'Layerloom img/s median (min–max)', `${ref} img/s`, `× ${ref === 'reference' ? 'reference' : 'PyTorch'} (min–max)`, 'first batch', 'peak RSS', 'lag ≤'],
    body, [false, true, true, true, true, true, true, true],
  ), ''];

  const first = rows.find((r) => r.layerloom !== null) ?? rows[0];
  if (first) {
    const ll = first.layerloom;
    const sides = [ll ? `Layerloom on ${ll.backend}${ll.nativeKernels ? ' + native kernels' : ''}, ${ll.threads} thread(s)` : null];
    const twin = rows.map((r) => r.reference).find((r) => r?.kind === 'pytorch-twin');
    if (twin?.kind === 'pytorch-twin') sides.push(`PyTorch ${twin.torch} (${twin.python}) on the same graph, torch.set_num_threads(${twin.threads})`);
    const command = rows.map((r) => r.reference).find((r) => r?.kind === 'command');
    if (command?.kind === 'command') sides.push(`reference: ${command.command}`);
    if (sides.some(Boolean)) out.push(sides.filter(Boolean).join(' · '));
    out.push(`${optimizerName(first.training)}, batch ${first.training.batchSize}; ${first.repeats} alternating repeat(s) of ${first.batchesPerRepeat} batches per side after ${first.warmupBatches} warm-up batches.`);
    out.push('× = median of the per-pair ratios (each Layerloom repeat ÷ the reference repeat after it), min–max over the pairs.');
    out.push('first batch: from the start of the row to the first trained batch (backend start and data loading included); peak RSS: the Layerloom process; lag: the main thread while training.');
  }
  const busy = rows.filter((r) => r.machine && Math.max(r.machine.loadBefore, r.machine.loadAfter) > r.machine.cores);
  if (busy.length > 0) {
    out.push(`busy machine (1-minute load average above the core count): ${busy.map((r) => `${r.network} ${r.machine?.loadBefore.toFixed(1)} → ${r.machine?.loadAfter.toFixed(1)} on ${r.machine?.cores} cores`).join(', ')}; other programs took CPU time from both sides, so treat these figures as rough.`);
  }
  for (const r of rows) for (const note of r.notes) out.push(`${r.network}: ${note}`);
  return out.join('\n');
}
