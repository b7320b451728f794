import * as tf from '../tf.js';
import { compileGraph } from '../compile/compile.js';
import type { CompiledModel } from '../compile/compile.js';
import type { CifarDataset } from '../data/index.js';
import { createBatchBuffers, createRng, fillBatch, imageBytes, shuffledIndices, splitShape } from '../data/index.js';
import type { Graph } from '../graph/types.js';
import type { TrainingConfig } from '../project/schema.js';
import { TrainingError } from './errors.js';
import type { Evaluation } from './evaluate.js';
import { evaluateModel, perClassAccuracy } from './evaluate.js';
import { createOptimizer } from './optimizer.js';
import { trainValidationSplits } from './splits.js';
import { trainStep } from './step.js';

export type SessionState = 'idle' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';

export interface BatchProgress {
  epoch: number; epochs: number; batch: number; batches: number;
  loss: number; acc: number; imagesPerSec: number; etaSeconds: number;
}

export interface EpochResult {
  epoch: number; epochs: number; loss: number; acc: number;
  valLoss: number | null; valAcc: number | null; seconds: number; imagesPerSec: number;
}

export interface RunResult {
  status: 'completed' | 'stopped';
  epochsDone: number;
  test: Evaluation;
  perClassAcc: number[];
  classNames: string[];
  params: number;
  /** Seconds spent in training batches, excluding evaluation. */
  trainSeconds: number;
  seconds: number;
}

export interface SessionCallbacks {
  onState?(state: SessionState): void;
  onBatch?(progress: BatchProgress): void;
  onEpoch?(result: EpochResult): void;
}

export interface SessionOptions {
  graph: Graph;
  training: TrainingConfig;
  data: CifarDataset;
  /** Cap on training images (before the validation hold-out). */
  limit?: number;
  callbacks?: SessionCallbacks;
  /** Minimum time between batch events; the last batch of an epoch is always reported. */
  batchIntervalMs?: number;
}

/**
 * One training run: a custom loop rather than model.fit, so it can pause, resume and stop
 * between batches with the weights kept, and report progress as it goes.
 */
export class TrainingSession {
  readonly compiled: CompiledModel;
  private currentState: SessionState = 'idle';
  private resumeWaiter: (() => void) | null = null;
  private stopRequested = false;

  constructor(readonly options: SessionOptions) {
    this.compiled = compileGraph(options.graph, { seed: options.training.seed, ...(options.training.initializer && { initializer: options.training.initializer }) });
  }

  get model(): tf.LayersModel {
    return this.compiled.model;
  }

  dispose(): void {
    this.compiled.model.dispose();
  }

  get state(): SessionState {
    return this.currentState;
  }

  pause(): void {
    if (this.currentState === 'running') this.setState('paused');
  }

  resume(): void {
    if (this.currentState !== 'paused') return;
    this.setState('running');
    this.wake();
  }

  stop(): void {
    if (this.currentState !== 'running' && this.currentState !== 'paused') return;
    this.stopRequested = true;
    this.setState('stopping');
    this.wake();
  }

  async run(): Promise<RunResult> {
    if (this.currentState !== 'idle') throw new Error('A training session runs once; start a new one.');
    const { training, data, limit, callbacks } = this.options;
    const { model, outputsProbabilities, analysis } = this.compiled;
    const splits = trainValidationSplits(data.train, training.validationSplit, limit);
    if (splits.train.count === 0) {
      throw new TrainingError('There are no training images left after the validation hold-out.', 'Raise the image limit or lower the validation split.');
    }
    const batchSize = Math.min(training.batchSize, splits.train.count);
    const batches = Math.ceil(splits.train.count / batchSize);
    const optimizer = createOptimizer(training);
    const rng = createRng(training.seed ?? Math.floor(Math.random() * 2 ** 31));
    const buffers = createBatchBuffers(batchSize, imageBytes(splitShape(data.train)));
    const interval = this.options.batchIntervalMs ?? 200;
    const started = performance.now();
    let trainSeconds = 0;
    let epochsDone = 0;
    this.setState('running');
    try {
      for (let epoch = 1; epoch <= training.epochs && !this.stopRequested; epoch++) {
        const order = shuffledIndices(splits.train.count, rng);
        const epochStart = performance.now();
        let lossSum = 0;
        let correct = 0;
        let seen = 0;
        let lastReport = 0;
        for (let b = 0; b < batches; b++) {
          await this.betweenBatches();
          if (this.stopRequested) break;
          const batch = fillBatch(splits.train, order, b * batchSize, batchSize, buffers);
          const [loss, right] = trainStep(model, optimizer, batch, outputsProbabilities);
          if (!Number.isFinite(loss)) {
            throw new TrainingError(`The loss became ${loss} in epoch ${epoch}, batch ${b + 1}: training diverged.`,
              'Lower the learning rate (try 10× smaller), or add BatchNorm after the convolutions.');
          }
          lossSum += loss * batch.size;
          correct += right;
          seen += batch.size;
          const now = performance.now();
          if (now - lastReport >= interval || b === batches - 1) {
            lastReport = now;
            const elapsed = trainSeconds + (now - epochStart) / 1000;
            const done = (epoch - 1) * splits.train.count + seen;
            const rate = done / Math.max(elapsed, 1e-6);
            callbacks?.onBatch?.({
              epoch, epochs: training.epochs, batch: b + 1, batches, loss: lossSum / seen, acc: correct / seen,
              imagesPerSec: rate, etaSeconds: (training.epochs * splits.train.count - done) / rate,
            });
          }
        }
        const seconds = (performance.now() - epochStart) / 1000;
        trainSeconds += seconds;
        if (seen < splits.train.count) break;
        epochsDone = epoch;
        const val = splits.validation ? evaluateModel(model, splits.validation, { outputsProbabilities }) : null;
        callbacks?.onEpoch?.({
          epoch, epochs: training.epochs, loss: lossSum / seen, acc: correct / seen,
          valLoss: val?.loss ?? null, valAcc: val?.acc ?? null, seconds, imagesPerSec: seen / seconds,
        });
      }
      const test = evaluateModel(model, data.test, { outputsProbabilities });
      const status = this.stopRequested ? 'stopped' : 'completed';
      this.setState(status);
      return {
        status, epochsDone, test, perClassAcc: perClassAccuracy(test.confusion), classNames: [...data.classNames],
        params: analysis.totalParams, trainSeconds, seconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      this.setState('failed');
      throw error;
    } finally {
      optimizer.dispose();
    }
  }

  /** Lets requests (pause, stop) reach the session between batches, and holds while paused. */
  private async betweenBatches(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.currentState === 'paused' && !this.stopRequested) {
      await new Promise<void>((resolve) => { this.resumeWaiter = resolve; });
    }
  }

  private wake(): void {
    this.resumeWaiter?.();
    this.resumeWaiter = null;
  }

  private setState(state: SessionState): void {
    this.currentState = state;
    this.options.callbacks?.onState?.(state);
  }
}
