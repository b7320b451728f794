import * as tf from '../tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend } from '../backend/testing/test-backend.js';
import type { BackendContest } from '../backend/index.js';
import type { CifarDataset } from '../data/index.js';
import { loadTemplate } from '../project/templates.js';
import type { TrainingConfig, TrainingConfigInput } from '../project/schema.js';
import { trainingConfigSchema } from '../project/schema.js';
import { TrainingError } from './errors.js';
import type { EpochResult } from './session.js';
import { TrainingSession } from './session.js';
import { fixtureDataset } from './test-support.js';

// Runs on WASM + native, and on TensorFlow in the 'tensorflow' test project (vitest.config.ts).
const backend = await startTestBackend();

const lenet = loadTemplate('lenet');
const config = (over: Partial<TrainingConfigInput> = {}): TrainingConfig => trainingConfigSchema.parse({
  optimizer: 'adam', learningRate: 0.003, momentum: 0.9, batchSize: 25, epochs: 2, validationSplit: 0.1, seed: 7, ...over,
});

let data: CifarDataset;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ data, cleanup } = await fixtureDataset({ trainPerBatch: 110, test: 100 }));
});
afterAll(() => cleanup());

describe.skipIf(!backend)('TrainingSession', () => {
  it('trains LeNet for 2 epochs on ~500 images: loss falls, events arrive, tensors do not leak', async () => {
    const epochs: EpochResult[] = [];
    const tensorsAtEpochEnd: number[] = [];
    let batches = 0;
    const session = new TrainingSession({
      graph: lenet.graph, training: config(), data,
      batchIntervalMs: 0,
      callbacks: {
        onBatch: () => { batches++; },
        onEpoch: (e) => { epochs.push(e); tensorsAtEpochEnd.push(tf.memory().numTensors); },
      },
    });
    const result = await session.run();
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(batches).toBe(2 * Math.ceil(495 / 25));
    expect(epochs[1]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(epochs[0]!.valAcc).not.toBeNull();
    expect(tensorsAtEpochEnd[1]).toBe(tensorsAtEpochEnd[0]);
    expect(result.status).toBe('completed');
    expect(result.test.count).toBe(100);
    expect(result.params).toBe(62006);
    expect(result.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    expect(result.test.acc).toBeGreaterThan(0.2);
    session.dispose();
  });

  it('the same seed gives the same losses', async () => {
    const losses = async () => {
      const seen: number[] = [];
      const s = new TrainingSession({ graph: lenet.graph, training: config({ epochs: 1 }), data, limit: 100, callbacks: { onEpoch: (e) => seen.push(e.loss) } });
      await s.run();
      s.dispose();
      return seen;
    };
    expect(await losses()).toEqual(await losses());
  });

  it('pauses, resumes and stops between batches, keeping the weights', async () => {
    const states: string[] = [];
    let paused = false;
    const session: TrainingSession = new TrainingSession({
      graph: lenet.graph, training: config({ epochs: 5 }), data, batchIntervalMs: 0,
      callbacks: {
        onState: (s) => states.push(s),
        onBatch: (p) => {
          if (p.batch === 2 && !paused) {
            paused = true;
            session.pause();
            // Resume from outside the loop, as a later request would.
            setImmediate(() => session.resume());
          } else if (p.batch === 4 && p.epoch === 1) {
            session.stop();
          }
        },
      },
    });
    const result = await session.run();
    expect(states).toEqual(['running', 'paused', 'running', 'stopping', 'stopped']);
    expect(result.status).toBe('stopped');
    expect(result.epochsDone).toBe(0);
    expect(result.test.count).toBe(100);
    session.dispose();
  });

  it('stops with a clear error when the loss becomes NaN', async () => {
    // A step this large overflows the weights to ±Infinity within a batch or two.
    const session = new TrainingSession({ graph: loadTemplate('mlp').graph, training: { ...config({ optimizer: 'sgd', momentum: 0 }), learningRate: 1e30 }, data, limit: 200 });
    const error = await session.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).message).toMatch(/loss became (NaN|Infinity)/);
    expect((error as TrainingError).fix).toMatch(/learning rate/);
    expect(session.state).toBe('failed');
    session.dispose();
  });

  it('trains every template for a few batches', async () => {
    for (const id of ['mlp', 'vgg-mini', 'resnet-mini']) {
      const project = loadTemplate(id);
      const session = new TrainingSession({ graph: project.graph, training: config({ epochs: 1, batchSize: 50 }), data, limit: 100 });
      const result = await session.run();
      expect(result.status, id).toBe('completed');
      expect(Number.isFinite(result.test.loss), id).toBe(true);
      session.dispose();
    }
  });

  it('settles a provisional backend a few steps in: moves to the winner with the optimizer state, and the run goes on as it would have', async () => {
    // Small batches: the contest settles ~20 steps in, with ~80 steps left to show a lost optimizer state.
    const training = config({ epochs: 2, batchSize: 5 });
    const reference: EpochResult[] = [];
    const plain = new TrainingSession({ graph: lenet.graph, training, data, limit: 300, callbacks: { onEpoch: (e) => reference.push(e) } });
    await plain.run();
    plain.dispose();

    // A contest that the pure-JS backend wins: the session must carry weights and Adam's state across.
    const own: number[] = [];
    const contest: BackendContest = {
      current: backend!.name, rivals: ['cpu'], ready: true, begin: () => undefined,
      async settle(imagesPerSec) {
        own.push(imagesPerSec);
        await tf.setBackend('cpu');
        return { ...backend!, name: 'cpu', tfBackend: 'cpu', nativeKernels: false, speed: { measured: [], chosen: 'cpu', how: 'measured' } };
      },
      cancel: () => { throw new Error('a settled contest is not cancelled'); },
    };
    const epochs: EpochResult[] = [];
    const reports: string[] = [];
    const moved = new TrainingSession({
      graph: lenet.graph, training, data, limit: 300, backendContest: contest,
      callbacks: { onEpoch: (e) => epochs.push(e), onBackend: (r) => reports.push(r.name) },
    });
    try {
      const result = await moved.run();
      expect(reports).toEqual(['cpu']);
      expect(own).toHaveLength(1);
      expect(own[0]).toBeGreaterThan(0);
      expect(tf.getBackend()).toBe('cpu');
      expect(result.status).toBe('completed');
      // Only the arithmetic of the backends differs (a lost Adam state would show in the losses).
      for (const [i, e] of epochs.entries()) expect(e.loss).toBeCloseTo(reference[i]!.loss, 3);
    } finally {
      moved.dispose();
      await tf.setBackend(backend!.tfBackend);
    }
  });

  it('cancels a contest the run never settled (the rivals\' processes must not outlive it)', async () => {
    let cancelled = 0;
    const contest: BackendContest = {
      current: backend!.name, rivals: ['tensorflow'], ready: false, begin: () => undefined,
      settle: () => Promise.reject(new Error('not ready: must not be settled')),
      cancel: () => { cancelled++; },
    };
    const session = new TrainingSession({ graph: lenet.graph, training: config({ epochs: 1 }), data, limit: 50, backendContest: contest });
    await session.run();
    session.dispose();
    expect(cancelled).toBe(1);
  });
});
