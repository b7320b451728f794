// Runs that survive: checkpoints each epoch and at Stop, resume to the same end, early stopping, restore-best.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/index.js';
import { maxAbsDiff } from '../backend/testing/util.js';
import type { CifarDataset } from '../data/index.js';
import type { TrainingConfig, TrainingConfigInput } from '../project/schema.js';
import { trainingConfigSchema } from '../project/schema.js';
import { loadTemplate } from '../project/templates.js';
import { readCheckpoint } from './checkpoint.js';
import type { SessionCallbacks } from './session.js';
import { TrainingSession } from './session.js';
import { fixtureDataset } from './test-support.js';

const lenet = loadTemplate('lenet');
const recipe = (over: Partial<TrainingConfigInput> = {}): TrainingConfig => trainingConfigSchema.parse({
  optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 5e-4, labelSmoothing: 0.1,
  batchSize: 20, epochs: 3, validationSplit: 0.2, seed: 11,
  schedule: { kind: 'onecycle' }, augment: { cropPadding: 4, flip: true, cutout: 8 }, ...over,
});

let data: CifarDataset;
let cleanup: () => Promise<void>;
let root: string;
beforeAll(async () => {
  await selectBackend();
  ({ data, cleanup } = await fixtureDataset({ trainPerBatch: 30, test: 40 }));
  root = await mkdtemp(join(tmpdir(), 'layerloom-ckpt-'));
});
afterAll(async () => {
  await cleanup();
  await rm(root, { recursive: true, force: true });
});

const LIMIT = 100; // 80 to train (4 batches of 20), 20 to validate

async function train(training: TrainingConfig, extra: { checkpointDir?: string; callbacks?: SessionCallbacks; resumeFrom?: string } = {}) {
  const resume = extra.resumeFrom ? await readCheckpoint(extra.resumeFrom) : undefined;
  const session: TrainingSession = new TrainingSession({
    graph: lenet.graph, training, data, limit: LIMIT, batchIntervalMs: 0,
    ...(extra.checkpointDir && { checkpointDir: extra.checkpointDir }), ...(extra.callbacks && { callbacks: extra.callbacks }), ...(resume && { resume }),
  });
  try {
    const result = await session.run();
    return { result, weights: session.model.getWeights().map((w) => Float32Array.from(w.dataSync())) };
  } finally {
    session.dispose();
  }
}

const worst = (a: Float32Array[], b: Float32Array[]) => Math.max(...a.map((w, i) => maxAbsDiff(w, b[i] as Float32Array)));

describe('checkpoints and resume', () => {
  it('a run stopped mid-epoch and resumed ends where an uninterrupted run does', async () => {
    const whole = await train(recipe());
    const dir = join(root, 'stopped');
    let session: TrainingSession | undefined;
    const first = await (async () => {
      const s = new TrainingSession({
        graph: lenet.graph, training: recipe(), data, limit: LIMIT, batchIntervalMs: 0, checkpointDir: dir,
        callbacks: { onBatch: (p) => { if (p.epoch === 2 && p.batch === 2) s.stop(); } },
      });
      session = s;
      const result = await s.run();
      s.dispose();
      return result;
    })();
    expect(session).toBeDefined();
    expect(first.status).toBe('stopped');
    expect(first.epochsDone).toBe(1);
    const saved = await readCheckpoint(dir);
    expect([saved.meta.epoch, saved.meta.batch, saved.meta.step]).toEqual([1, 2, 6]);
    const resumed = await train(saved.meta.training, { resumeFrom: dir, checkpointDir: dir });
    expect(resumed.result.status).toBe('completed');
    expect(resumed.result.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(resumed.result.history.map((e) => e.lr)).toEqual(whole.result.history.map((e) => e.lr));
    expect(worst(resumed.weights, whole.weights)).toBeLessThanOrEqual(1e-5);
    expect(resumed.result.test.acc).toBeCloseTo(whole.result.test.acc, 6);
  });

  it('a crash mid-epoch loses at most that epoch: the last checkpoint is whole and resumes to the same end', async () => {
    const whole = await train(recipe());
    const dir = join(root, 'crashed');
    const crash = train(recipe(), {
      checkpointDir: dir,
      callbacks: { onBatch: (p) => { if (p.epoch === 3 && p.batch === 3) throw new Error('simulated crash'); } },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    const saved = await readCheckpoint(dir);
    expect([saved.meta.epoch, saved.meta.batch]).toEqual([2, 0]); // epochs 1–2 kept; only epoch 3's batches are lost
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(2); // older arrays cleaned up
    const resumed = await train(saved.meta.training, { resumeFrom: dir });
    expect(resumed.result.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(worst(resumed.weights, whole.weights)).toBeLessThanOrEqual(1e-5);
  });

  it('refuses a checkpoint folder that holds none, saying what to pass', async () => {
    await expect(readCheckpoint(join(root, 'nothing-here'))).rejects.toThrow(/holds no checkpoint/);
  });
});

describe('early stopping and restore-best', () => {
  it('ends the run once the monitored figure has not improved for `patience` epochs', async () => {
    // A rate this small leaves validation accuracy where it is: epoch 1 stays the best.
    const { result } = await train(recipe({ optimizer: 'sgd', learningRate: 1e-9, epochs: 6, earlyStopping: { monitor: 'val_acc', patience: 2 } }));
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(result.status).toBe('completed');
  });

  it('ends with the weights of the best epoch by validation loss, and tests those', async () => {
    const perEpoch: Float32Array[][] = [];
    const holder: { session?: TrainingSession } = {};
    const training = recipe({ optimizer: 'adam', learningRate: 0.02, schedule: { kind: 'constant' }, epochs: 4, restoreBest: true });
    const session = new TrainingSession({
      graph: lenet.graph, training, data, limit: LIMIT, batchIntervalMs: 0,
      callbacks: { onEpoch: () => { perEpoch.push(holder.session!.model.getWeights().map((w) => Float32Array.from(w.dataSync()))); } },
    });
    holder.session = session;
    const result = await session.run();
    const losses = result.history.map((e) => e.valLoss as number);
    const bestEpoch = losses.indexOf(Math.min(...losses)) + 1;
    expect(result.bestEpoch).toBe(bestEpoch);
    expect(result.weightsFromEpoch).toBe(bestEpoch);
    const final = session.model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    expect(worst(final, perEpoch[bestEpoch - 1] as Float32Array[])).toBe(0);
    session.dispose();
  });

  it('asks for a validation hold-out when early stopping or restore-best has none to watch', async () => {
    await expect(train(recipe({ validationSplit: 0, restoreBest: true }))).rejects.toThrow(/no images are held out/);
  });
});
