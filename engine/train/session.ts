import * as tf from '../tf.js';
import type { BackendContest, BackendReport } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import type { CompiledModel } from '../compile/compile.js';
import type { CifarDataset, Normalization } from '../data/index.js';
import { byteTables, channelStats, CIFAR10_NORMALIZATION, createBatchBuffers, createRng, derivedSeed, fillBatch, imageBytes, shuffledIndices, splitShape, SYMMETRIC_NORMALIZATION } from '../data/index.js';
import type { Graph } from '../graph/types.js';
import type { DatasetRef, Monitor, TrainingConfig } from '../project/schema.js';
import type { Checkpoint } from './checkpoint.js';
import { writeCheckpoint } from './checkpoint.js';
import { TrainingError } from './errors.js';
import type { Evaluation } from './evaluate.js';
import { evaluateModel, perClassAccuracy } from './evaluate.js';
import { createOptimizer } from './optimizer.js';
import { DeferredBackendChoice, rebuildOptimizer } from './deferred-backend.js';
import { learningRateAt } from '../project/learning-rate.js';
import { trainValidationSplits } from './splits.js';
import { trainableVariables, trainStep } from './step.js';

export type SessionState = 'idle' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';

export interface BatchProgress {
  epoch: number; epochs: number; batch: number; batches: number;
  loss: number; acc: number; imagesPerSec: number; etaSeconds: number;
  /** The learning rate of this batch's step. */
  lr: number;
}

export interface EpochResult {
  epoch: number; epochs: number; loss: number; acc: number;
  valLoss: number | null; valAcc: number | null; seconds: number; imagesPerSec: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
}

export interface RunResult {
  status: 'completed' | 'stopped';
  epochsDone: number;
  test: Evaluation;
  perClassAcc: number[];
  classNames: string[];
  params: number;
  /** Seconds spent in training batches, excluding evaluation (over all sessions of a resumed run). */
  trainSeconds: number;
  seconds: number;
  /** Every epoch of the run, resumed parts included. */
  history: EpochResult[];
  /** The epoch with the best monitored validation figure, if any was measured. */
  bestEpoch: number | null;
  /** The epoch whose weights the model holds at the end (restore-best), else the last. */
  weightsFromEpoch: number;
  stoppedEarly: boolean;
}

export interface SessionCallbacks {
  onState?(state: SessionState): void;
  onBatch?(progress: BatchProgress): void;
  onEpoch?(result: EpochResult): void;
  /** A deferred backend choice settled (`backendContest`): which backend trains from now on, and why. */
  onBackend?(report: BackendReport): void;
}

export interface SessionOptions {
  graph: Graph;
  training: TrainingConfig;
  data: CifarDataset;
  /** Cap on training images (before the validation hold-out). */
  limit?: number;
  /** Where `data` came from, recorded in checkpoints so a resumed run reads the same images. */
  dataset?: DatasetRef;
  callbacks?: SessionCallbacks;
  /** Minimum time between batch events; the last batch of an epoch is always reported. */
  batchIntervalMs?: number;
  /** Where to write a checkpoint after every epoch and at Stop (a crash loses at most the epoch under way). */
  checkpointDir?: string;
  /** Continue this checkpoint's run (its graph, settings and seed) instead of starting afresh. */
  resume?: Checkpoint;
  /** The backend was chosen provisionally: the run times its steps and settles the choice (may switch backend). */
  backendContest?: BackendContest;
}

/** A seed per purpose, epoch and batch from the run's seed: a resumed run draws exactly what it would have. */
export { derivedSeed };
const ORDER_STREAM = 1;
const AUGMENT_STREAM = 2;

/** Better is lower for loss, higher for accuracy. */
function improves(monitor: Monitor, value: number, best: number | undefined): boolean {
  if (best === undefined) return true;
  return monitor === 'val_loss' ? value < best : value > best;
}

/** The Input node's normalization, resolved to numbers for this run's training images. */
export function resolveNormalization(graph: Graph, train: Parameters<typeof channelStats>[0]): Normalization {
  const mode = graph.nodes.find((n) => n.kind === 'input')?.params['normalize'] ?? 'symmetric';
  if (mode === 'cifar10') return CIFAR10_NORMALIZATION;
  if (mode === 'dataset') return channelStats(train);
  return SYMMETRIC_NORMALIZATION;
}

/**
 * One training run: a custom loop rather than model.fit, so it can pause, resume and stop
 * between batches with the weights kept, checkpoint as it goes, and report progress.
 */
export class TrainingSession {
  readonly compiled: CompiledModel;
  private currentState: SessionState = 'idle';
  private resumeWaiter: (() => void) | null = null;
  private stopRequested = false;
  private normalizationUsed: Normalization | null = null;

  constructor(readonly options: SessionOptions) {
    const { training } = options;
    this.compiled = compileGraph(options.graph, { seed: training.seed, ...(training.initializer && { initializer: training.initializer }) });
  }

  get model(): tf.LayersModel {
    return this.compiled.model;
  }

  /** How this run's inputs were normalized (known once the run starts); exports state it. */
  get normalization(): Normalization {
    return this.normalizationUsed ?? this.options.resume?.meta.normalization ?? resolveNormalization(this.options.graph, this.options.data.train);
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
    const { training, data, limit, callbacks, resume, checkpointDir } = this.options;
    const { model, outputsProbabilities, analysis } = this.compiled;
    const splits = trainValidationSplits(data.train, training.validationSplit, limit);
    if (splits.train.count === 0) {
      throw new TrainingError('There are no training images left after the validation hold-out.', 'Raise the image limit or lower the validation split.');
    }
    if ((training.earlyStopping || training.restoreBest) && !splits.validation) {
      throw new TrainingError(`${training.earlyStopping ? 'Early stopping' : 'Restore-best'} watches the validation figures, but no images are held out for validation.`,
        'Set a validation split (e.g. 0.1), or turn early stopping and restore-best off.');
    }
    const monitor: Monitor = training.earlyStopping?.monitor ?? 'val_loss';
    const batchSize = Math.min(training.batchSize, splits.train.count);
    const batches = Math.ceil(splits.train.count / batchSize);
    const scheduleRun = { learningRate: training.learningRate, stepsPerEpoch: batches, epochs: training.epochs };
    let optimizer = createOptimizer(training);
    const deferred = this.options.backendContest ? new DeferredBackendChoice(this.options.backendContest, batchSize) : null;
    const seed = resume?.meta.seed ?? training.seed ?? Math.floor(Math.random() * 2 ** 31);
    const normalization = resume?.meta.normalization ?? resolveNormalization(this.options.graph, splits.train);
    this.normalizationUsed = normalization;
    const tables = byteTables(normalization);
    const buffers = createBatchBuffers(batchSize, imageBytes(splitShape(data.train)));
    const interval = this.options.batchIntervalMs ?? 200;
    const started = performance.now();
    const variableNames = trainableVariables(model).map((v) => v.name);

    const history: EpochResult[] = [...(resume?.meta.history ?? [])];
    let trainSeconds = resume?.meta.trainSeconds ?? 0;
    let epochsDone = resume?.meta.epoch ?? 0;
    let step = resume?.meta.step ?? 0;
    let best: { epoch: number; value: number } | null = resume?.meta.best ?? null;
    let bestWeights: Float32Array[] | null = resume?.bestWeights ?? null;
    let stoppedEarly = false;
    let resumeAt = resume?.meta.batch ?? 0;
    let partial = resume?.meta.partial ?? { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
    if (resume) {
      if (resume.weights.length !== model.weights.length) throw new TrainingError('The checkpoint was written for another network.', 'Resume with the graph the run started with.');
      tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.tensor(resume.weights[i] as Float32Array, w.shape as number[]))));
      optimizer.writeSlots(variableNames, resume.slots);
      optimizer.setIterations(resume.meta.optimizer.iterations);
    }
    const readWeights = () => model.weights.map((w) => Float32Array.from(w.read().dataSync() as Float32Array));
    const save = async (atBatch: number, partialNow: typeof partial) => {
      if (checkpointDir === undefined) return;
      await writeCheckpoint(checkpointDir, {
        graph: this.options.graph, training, limit: limit ?? null, ...(this.options.dataset && { dataset: this.options.dataset }), seed, epoch: epochsDone, batch: atBatch, step, partial: partialNow, trainSeconds,
        history, best, normalization, iterations: optimizer.iterations,
      }, readWeights(), optimizer.readSlots(variableNames), bestWeights);
    };

    this.setState('running');
    try {
      for (let epoch = epochsDone + 1; epoch <= training.epochs && !this.stopRequested && !stoppedEarly; epoch++) {
        const order = shuffledIndices(splits.train.count, createRng(derivedSeed(seed, ORDER_STREAM, epoch)));
        // let: a deferred backend choice's pause (timing the rivals) is not the epoch's training time.
        let epochStart = performance.now() - partial.seconds * 1000;
        let { lossSum, correct, seen } = partial;
        let lastReport = 0;
        let lr = learningRateAt(training.schedule, scheduleRun, step);
        let b = resumeAt;
        for (; b < batches; b++) {
          await this.betweenBatches();
          if (this.stopRequested) break;
          const augment = { settings: training.augment, rng: createRng(derivedSeed(seed, AUGMENT_STREAM, epoch, b)) };
          const batch = fillBatch(splits.train, order, b * batchSize, batchSize, buffers, { tables, augment });
          lr = learningRateAt(training.schedule, scheduleRun, step);
          optimizer.learningRate = lr;
          const stepStarted = performance.now();
          const [loss, right] = trainStep(model, optimizer, batch, outputsProbabilities, training.labelSmoothing);
          step++;
          if (deferred) {
            deferred.record((performance.now() - stepStarted) / 1000);
            if (deferred.due) {
              const paused = performance.now();
              const report = await deferred.settle();
              if (report.name !== this.options.backendContest?.current) optimizer = rebuildOptimizer(optimizer, training, variableNames);
              epochStart += performance.now() - paused;
              callbacks?.onBackend?.(report);
            }
          }
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
              imagesPerSec: rate, etaSeconds: (training.epochs * splits.train.count - done) / rate, lr,
            });
          }
        }
        resumeAt = 0;
        partial = { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
        const seconds = (performance.now() - epochStart) / 1000;
        if (b < batches) {
          // Stopped mid-epoch: keep the place, so a resumed run continues with the next batch.
          await save(b, { lossSum, correct, seen, seconds });
          break;
        }
        trainSeconds += seconds;
        epochsDone = epoch;
        const val = splits.validation ? evaluateModel(model, splits.validation, { outputsProbabilities, tables }) : null;
        const result: EpochResult = {
          epoch, epochs: training.epochs, loss: lossSum / seen, acc: correct / seen,
          valLoss: val?.loss ?? null, valAcc: val?.acc ?? null, seconds, imagesPerSec: seen / seconds, lr,
        };
        history.push(result);
        if (val) {
          const value = monitor === 'val_loss' ? val.loss : val.acc;
          if (improves(monitor, value, best?.value)) {
            best = { epoch, value };
            if (training.restoreBest) bestWeights = readWeights();
          } else if (training.earlyStopping && best && epoch - best.epoch >= training.earlyStopping.patience) {
            stoppedEarly = true;
          }
        }
        await save(0, partial);
        callbacks?.onEpoch?.(result);
      }
      let weightsFromEpoch = epochsDone;
      if (training.restoreBest && bestWeights && best && best.epoch !== epochsDone) {
        const restore = bestWeights;
        tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.tensor(restore[i] as Float32Array, w.shape as number[]))));
        weightsFromEpoch = best.epoch;
      }
      const test = evaluateModel(model, data.test, { outputsProbabilities, tables });
      const status = this.stopRequested ? 'stopped' : 'completed';
      this.setState(status);
      return {
        status, epochsDone, test, perClassAcc: perClassAccuracy(test.confusion), classNames: [...data.classNames],
        params: analysis.totalParams, trainSeconds, seconds: (performance.now() - started) / 1000,
        history, bestEpoch: best?.epoch ?? null, weightsFromEpoch, stoppedEarly,
      };
    } catch (error) {
      this.setState('failed');
      throw error;
    } finally {
      deferred?.cancel();
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
