// A run's checkpoint: everything needed to continue it exactly where it was (weights,
// optimizer state, the step, the epoch and batch, the seed every random draw derives from,
// the curves so far, the best epoch). Written each epoch and at Stop. The arrays go to new
// files first and checkpoint.json is replaced by a rename last, so a crash at any moment
// leaves the previous checkpoint whole.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { datasetRefSchema, graphSchema, trainingConfigSchema } from '../project/schema.js';
import { TrainingError } from './errors.js';

export const CHECKPOINT_FILE = 'checkpoint.json';

const triple = z.tuple([z.number(), z.number(), z.number()]);

export const epochResultSchema = z.object({
  epoch: z.number().int(), epochs: z.number().int(), loss: z.number(), acc: z.number(),
  valLoss: z.number().nullable(), valAcc: z.number().nullable(), seconds: z.number(), imagesPerSec: z.number(),
  lr: z.number(),
});

export const checkpointSchema = z.object({
  format: z.literal('layerloom-checkpoint'),
  version: z.literal(1),
  graph: graphSchema,
  training: trainingConfigSchema,
  limit: z.number().int().nullable(),
  /** The images the run trains on; absent (and in checkpoints from before image folders) means CIFAR-10. */
  dataset: datasetRefSchema.optional(),
  /** The seed every shuffle and augmentation draw derives from (drawn at random when the settings have none). */
  seed: z.number().int(),
  /** Epochs finished; `batch` batches of the next one are done too (non-zero after a Stop mid-epoch). */
  epoch: z.number().int().min(0),
  batch: z.number().int().min(0),
  /** Optimizer steps so far (the schedule's position). */
  step: z.number().int().min(0),
  partial: z.object({ lossSum: z.number(), correct: z.number(), seen: z.number().int(), seconds: z.number() }),
  trainSeconds: z.number(),
  history: z.array(epochResultSchema),
  best: z.object({ epoch: z.number().int(), value: z.number() }).nullable(),
  normalization: z.object({ mean: triple, std: triple }),
  /** Float32 arrays in model.weights order / optimizer slots in trainable-weight order. */
  weights: z.object({ file: z.string(), sizes: z.array(z.number().int()) }),
  optimizer: z.object({ file: z.string(), sizes: z.array(z.number().int()), iterations: z.number().int() }),
  bestWeights: z.object({ file: z.string(), sizes: z.array(z.number().int()) }).nullable(),
  savedAt: z.string(),
});

export type CheckpointMeta = z.infer<typeof checkpointSchema>;

export interface Checkpoint {
  meta: CheckpointMeta;
  weights: Float32Array[];
  slots: Float32Array[];
  bestWeights: Float32Array[] | null;
}

function pack(arrays: readonly Float32Array[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return new Uint8Array(out.buffer);
}

function unpack(bytes: Buffer, sizes: readonly number[], file: string): Float32Array[] {
  const total = sizes.reduce((n, s) => n + s, 0);
  if (bytes.byteLength !== total * 4) throw new TrainingError(`The checkpoint file ${file} holds ${bytes.byteLength} bytes, ${total * 4} expected.`, 'It is damaged; resume from an older copy or start the run again.');
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(bytes);
  const out: Float32Array[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(all.subarray(at, at + s));
    at += s;
  }
  return out;
}

/** Writes the checkpoint into `dir` (created if needed), replacing the previous one atomically. */
export async function writeCheckpoint(dir: string, meta: Omit<CheckpointMeta, 'weights' | 'optimizer' | 'bestWeights' | 'savedAt' | 'format' | 'version'> & { iterations: number },
  weights: readonly Float32Array[], slots: readonly Float32Array[], bestWeights: readonly Float32Array[] | null): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tag = `${meta.step}-${meta.epoch}-${meta.batch}-${Date.now().toString(36)}`;
  const files = { weights: `weights-${tag}.bin`, optimizer: `optimizer-${tag}.bin`, best: `best-${tag}.bin` };
  await writeFile(join(dir, files.weights), pack(weights));
  await writeFile(join(dir, files.optimizer), pack(slots));
  if (bestWeights) await writeFile(join(dir, files.best), pack(bestWeights));
  const { iterations, ...rest } = meta;
  const full: CheckpointMeta = {
    format: 'layerloom-checkpoint', version: 1, ...rest,
    weights: { file: files.weights, sizes: weights.map((w) => w.length) },
    optimizer: { file: files.optimizer, sizes: slots.map((s) => s.length), iterations },
    bestWeights: bestWeights ? { file: files.best, sizes: bestWeights.map((w) => w.length) } : null,
    savedAt: new Date().toISOString(),
  };
  const temp = join(dir, `${CHECKPOINT_FILE}.saving-${process.pid}`);
  await writeFile(temp, JSON.stringify(full));
  await rename(temp, join(dir, CHECKPOINT_FILE));
  // Arrays of earlier checkpoints are no longer referenced.
  const keep = new Set([files.weights, files.optimizer, ...(bestWeights ? [files.best] : []), CHECKPOINT_FILE]);
  for (const name of await readdir(dir)) {
    if (name.endsWith('.bin') && !keep.has(name)) await rm(join(dir, name), { force: true });
  }
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_FILE));
}

export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch {
    throw new TrainingError(`${dir} holds no checkpoint (${CHECKPOINT_FILE}).`, 'Point --resume at the folder a run wrote its checkpoint to (--checkpoint DIR).');
  }
  let parsed;
  try {
    parsed = checkpointSchema.safeParse(JSON.parse(text));
  } catch (error) {
    throw new TrainingError(`${join(dir, CHECKPOINT_FILE)} is not valid JSON (${(error as Error).message}).`, 'The checkpoint is damaged; start the run again.');
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrainingError(`${join(dir, CHECKPOINT_FILE)}: ${issue?.path.join('.')}: ${issue?.message}.`, 'The checkpoint is damaged or from another version; start the run again.');
  }
  const meta = parsed.data;
  const read = async (entry: { file: string; sizes: number[] }) => unpack(await readFile(join(dir, entry.file)), entry.sizes, entry.file);
  return { meta, weights: await read(meta.weights), slots: await read(meta.optimizer), bestWeights: meta.bestWeights ? await read(meta.bestWeights) : null };
}
