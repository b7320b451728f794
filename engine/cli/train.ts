import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FitMode } from '../data/image-folder/index.js';
import { adaptGraphToDataset } from '../graph/adapt-to-dataset.js';
import { analyzeGraph } from '../graph/analyze.js';
import { GraphInvalidError } from '../compile/compile.js';
import { inputShapeOf } from '../layers/input.js';
import type { DatasetRef } from '../project/schema.js';
import { describeImport, importProgressLine, isImageFolder } from './folder-data.js';
import type { BackendName } from '../backend/index.js';
import { describeBackend } from '../backend/index.js';
import { describeSpeedChoice } from '../backend/speed.js';
import { EngineHost } from '../host/engine-host.js';
import type { EventPayload } from '../host/contract.js';
import { toErrorReply } from '../host/errors.js';
import { parseProject } from '../project/load.js';
import type { TrainingConfig } from '../project/schema.js';
import { REFERENCE_TRAINING, trainingConfigSchema } from '../project/schema.js';
import type { CliIo } from './io.js';
import { reportFailure } from './io.js';
import { readCheckpoint } from '../train/checkpoint.js';
import { duration, percent, progressBar, table, thousands } from './format.js';

export interface TrainFlags {
  data?: string; epochs?: number; batch?: number; optimizer?: string; lr?: number; momentum?: number;
  limit?: number; seed?: number; out?: string; json: boolean; valSplit?: number; backend?: BackendName;
  init?: string; reference?: boolean;
  /** Image folders: the size to resize to (default: the Input node's) and how to fit it. */
  size?: { height: number; width: number }; fit?: FitMode;
  nesterov?: boolean; weightDecay?: number; labelSmoothing?: number;
  schedule?: string; warmup?: number; stepEpochs?: number; stepFactor?: number;
  crop?: number; padMode?: string; flip?: boolean; cutout?: number;
  earlyStop?: number; monitor?: string; restoreBest?: boolean;
  /** Write a checkpoint each epoch (and at Ctrl-C) to this folder. */
  checkpoint?: string;
  /** Continue the run whose checkpoint is in this folder. */
  resume?: string;
}

/** The file's training block with any flags laid over it, checked by the same schema as the file. */
export function trainingWithFlags(base: TrainingConfig, flags: TrainFlags): TrainingConfig {
  const merged = {
    ...base,
    ...(flags.reference && REFERENCE_TRAINING),
    ...(flags.init !== undefined && { initializer: flags.init }),
    ...(flags.optimizer !== undefined && { optimizer: flags.optimizer }),
    ...(flags.lr !== undefined && { learningRate: flags.lr }),
    ...(flags.momentum !== undefined && { momentum: flags.momentum }),
    ...(flags.batch !== undefined && { batchSize: flags.batch }),
    ...(flags.epochs !== undefined && { epochs: flags.epochs }),
    ...(flags.valSplit !== undefined && { validationSplit: flags.valSplit }),
    ...(flags.seed !== undefined && { seed: flags.seed }),
    ...(flags.nesterov !== undefined && { nesterov: flags.nesterov }),
    ...(flags.weightDecay !== undefined && { weightDecay: flags.weightDecay }),
    ...(flags.labelSmoothing !== undefined && { labelSmoothing: flags.labelSmoothing }),
    schedule: {
      ...base.schedule,
      ...(flags.reference && REFERENCE_TRAINING.schedule),
      ...(flags.schedule !== undefined && { kind: flags.schedule }),
      ...(flags.warmup !== undefined && { warmupEpochs: flags.warmup }),
      ...(flags.stepEpochs !== undefined && { stepEpochs: flags.stepEpochs }),
      ...(flags.stepFactor !== undefined && { stepFactor: flags.stepFactor }),
    },
    augment: {
      ...base.augment,
      ...(flags.reference && REFERENCE_TRAINING.augment),
      ...(flags.crop !== undefined && { cropPadding: flags.crop }),
      ...(flags.padMode !== undefined && { padMode: flags.padMode }),
      ...(flags.flip !== undefined && { flip: flags.flip }),
      ...(flags.cutout !== undefined && { cutout: flags.cutout }),
    },
    ...((flags.earlyStop !== undefined || flags.monitor !== undefined) && {
      earlyStopping: { monitor: flags.monitor ?? base.earlyStopping?.monitor ?? 'val_loss', patience: flags.earlyStop ?? base.earlyStopping?.patience ?? 5 },
    }),
    ...(flags.restoreBest !== undefined && { restoreBest: flags.restoreBest }),
  };
  const parsed = trainingConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Object.assign(new Error(`Training setting ${issue?.path.join('.')} is invalid: ${issue?.message}.`), { fix: 'Correct the flag or the training block of the project file.' });
  }
  return parsed.data;
}

/** One line naming what a run will do, for the terminal. */
export function describeTraining(t: TrainingConfig): string {
  const parts = [`${t.optimizer}${t.nesterov && t.optimizer === 'sgd' ? ' (Nesterov)' : ''} lr ${t.learningRate}`];
  if (t.optimizer === 'sgd' || t.optimizer === 'rmsprop') parts.push(`momentum ${t.momentum}`);
  if (t.weightDecay > 0) parts.push(`weight decay ${t.weightDecay}`);
  if (t.schedule.kind !== 'constant' || t.schedule.warmupEpochs > 0) parts.push(`${t.schedule.kind} schedule${t.schedule.warmupEpochs > 0 ? ` (${t.schedule.warmupEpochs} warm-up epochs)` : ''}`);
  if (t.labelSmoothing > 0) parts.push(`label smoothing ${t.labelSmoothing}`);
  const aug = [t.augment.cropPadding > 0 && `crop ±${t.augment.cropPadding} (${t.augment.padMode})`, t.augment.flip && 'flip', t.augment.cutout > 0 && `cutout ${t.augment.cutout}`].filter(Boolean);
  if (aug.length) parts.push(`augment: ${aug.join(', ')}`);
  parts.push(`batch ${t.batchSize}`, `${t.epochs} epochs`, `${t.initializer ?? 'glorot'} init`, `${Math.round(t.validationSplit * 100)}% held out for validation`);
  if (t.earlyStopping) parts.push(`early stop after ${t.earlyStopping.patience} epochs without a better ${t.earlyStopping.monitor}`);
  if (t.restoreBest) parts.push('restore best epoch');
  return parts.join(', ');
}

export async function trainCommand(file: string | undefined, flags: TrainFlags, io: CliIo): Promise<number> {
  const folder = flags.data !== undefined && isImageFolder(flags.data);
  const host = new EngineHost({ persistRuns: false, ...(flags.data !== undefined && !folder && { dataDir: resolve(flags.data) }), ...(flags.backend && { backend: flags.backend }) });
  try {
    // --resume: the checkpoint holds the graph and settings the run started with.
    const resumed = flags.resume === undefined ? null : await readCheckpoint(resolve(flags.resume));
    const project = resumed ? { name: `${flags.resume}`, graph: resumed.meta.graph, training: resumed.meta.training, ...(resumed.meta.dataset && { dataset: resumed.meta.dataset }) }
      : parseProject(await readFile(file as string, 'utf8'), file);
    const training = resumed ? resumed.meta.training : trainingWithFlags(project.training, flags);
    // --data FOLDER, or the folder the project records (unless --data names CIFAR-10).
    const projectDataset = 'dataset' in project ? project.dataset : undefined;
    const recorded = projectDataset?.kind === 'folder' && flags.data === undefined ? projectDataset : undefined;
    let dataset: DatasetRef | undefined;
    let graph = project.graph;
    if (folder || recorded) {
      const path = folder ? resolve(flags.data as string) : (recorded as { path: string }).path;
      const [inputHeight, inputWidth] = inputShapeOf(graph.nodes.find((n) => n.kind === 'input')?.params ?? {});
      const size = flags.size ?? { height: inputHeight, width: inputWidth };
      const fit = flags.fit ?? (projectDataset?.kind === 'folder' ? projectDataset.fit : 'crop');
      const channels = recorded?.channels ?? 'auto';
      const unsubscribe = host.subscribe('dataset.importProgress', (p) => io.status(importProgressLine(p)));
      const info = await host.request('dataset.importFolder', { path, ...size, fit, channels }).finally(unsubscribe);
      if (!flags.json) describeImport(info, io);
      else io.out(JSON.stringify({ type: 'dataset', root: info.root, classNames: info.classNames, shape: info.shape, counts: info.counts, skipped: info.skipped }));
      const adapted = adaptGraphToDataset(graph, { shape: info.shape, classNames: info.classNames });
      graph = adapted.graph;
      if (adapted.changes.length && !flags.json) io.err(`Adapted the graph to this dataset: ${adapted.changes.join('; ')}`);
      const analysis = analyzeGraph(graph);
      if (!analysis.valid) throw new GraphInvalidError(analysis.issues);
      dataset = { kind: 'folder', path, fit, channels };
    }
    if (!flags.json) {
      io.err(`${resumed ? `Resuming ${flags.resume} after epoch ${resumed.meta.epoch}${resumed.meta.batch ? `, batch ${resumed.meta.batch}` : ''}` : `Training ${project.name ?? file}`}: ${describeTraining(training)}`);
    }
    const epochs: EventPayload<'training.epoch'>[] = [];
    const done = new Promise<EventPayload<'training.end'>>((resolveEnd, reject) => {
      host.subscribe('training.end', resolveEnd);
      host.subscribe('training.error', (e) => reject(Object.assign(new Error(e.message), { fix: e.fix })));
    });
    host.subscribe('training.batch', (b) => io.status(`epoch ${b.epoch}/${b.epochs} ${progressBar(b.batch, b.batches)} loss ${b.loss.toFixed(4)} acc ${percent(b.acc)} lr ${b.lr?.toPrecision(3) ?? '—'} ${Math.round(b.imagesPerSec)} img/s ETA ${duration(b.etaSeconds)}`));
    host.subscribe('training.epoch', (e) => {
      epochs.push(e);
      const { runId: _runId, ...line } = e;
      if (flags.json) io.out(JSON.stringify({ type: 'epoch', ...line }));
      else io.err(`epoch ${e.epoch}/${e.epochs}  loss ${e.loss.toFixed(4)}  acc ${percent(e.acc)}  val loss ${e.valLoss?.toFixed(4) ?? '—'}  val acc ${percent(e.valAcc)}  lr ${e.lr?.toPrecision(3) ?? '—'}  ${e.seconds.toFixed(1)}s  ${Math.round(e.imagesPerSec)} img/s`);
    });
    // A run that starts on a provisional backend settles it a few seconds in (and may move).
    let settled: EventPayload<'training.backend'>['backend'] | null = null;
    let startedOn: string | null = null;
    host.subscribe('training.backend', (e) => {
      settled = e.backend;
      const moved = startedOn !== null && e.backend.name !== startedOn;
      if (!flags.json && e.backend.speed) io.err(`Timed the other backends: ${describeSpeedChoice(e.backend.speed)}${moved ? `; moved to ${e.backend.name}` : ''}.`);
    });
    // The backend is chosen here: pinned by --backend, else the fastest for this graph and batch.
    const { runId, backend: started } = await host.request('training.start', {
      graph, training, ...(dataset && { dataset }), ...(flags.limit !== undefined && { limit: flags.limit }),
      ...(flags.resume !== undefined && { resumeFrom: resolve(flags.resume) }),
      ...(flags.checkpoint !== undefined && { checkpointDir: resolve(flags.checkpoint) }),
    });
    startedOn = started.name;
    if (!flags.json) io.err(describeBackend(started));
    // Ctrl-C ends the run after the current batch; the model is still evaluated and saved.
    const onSigint = () => { void host.request('training.stop', { runId }); };
    process.once('SIGINT', onSigint);
    const end = await done.finally(() => process.off('SIGINT', onSigint));
    const backend = settled ?? started;
    let saved: string[] = [];
    if (flags.out !== undefined) saved = (await host.request('model.export', { runId, format: 'tfjs', outDir: resolve(flags.out) })).paths;
    if (flags.json) {
      io.out(JSON.stringify({
        type: 'end', status: end.status, testAcc: end.testAcc, testLoss: end.testLoss, params: end.params, backend: end.backend,
        backendChoice: backend.speed === null ? null : describeSpeedChoice(backend.speed), seconds: end.seconds, epochsDone: end.epochsDone,
        bestEpoch: end.bestEpoch ?? null, weightsFromEpoch: end.weightsFromEpoch ?? end.epochsDone, stoppedEarly: end.stoppedEarly ?? false, ...(saved.length && { saved }),
      }));
    } else {
      io.out(table(['epoch', 'loss', 'acc', 'val loss', 'val acc', 'seconds', 'img/s'],
        epochs.map((e) => [String(e.epoch), e.loss.toFixed(4), percent(e.acc), e.valLoss?.toFixed(4) ?? '—', percent(e.valAcc), e.seconds.toFixed(1), thousands(Math.round(e.imagesPerSec))]),
        [true, true, true, true, true, true, true]));
      if (end.stoppedEarly) io.out(`\nStopped early: no better ${training.earlyStopping?.monitor ?? 'val_loss'} for ${training.earlyStopping?.patience} epochs.`);
      if (end.weightsFromEpoch !== undefined && end.weightsFromEpoch !== end.epochsDone) io.out(`Weights restored from epoch ${end.weightsFromEpoch}, the best by ${training.earlyStopping?.monitor ?? 'val_loss'}.`);
      if (end.status === 'stopped' && flags.checkpoint !== undefined) io.out(`Checkpoint in ${flags.checkpoint}: continue with --resume ${flags.checkpoint}`);
      io.out(`\n${end.status === 'stopped' ? 'Stopped' : 'Finished'} after ${end.epochsDone} epoch(s) in ${duration(end.seconds)} on ${end.backend}: test accuracy ${percent(end.testAcc)} (${thousands(end.params)} parameters)`);
      if (dataset) io.out(`Per class: ${end.classNames.map((name, i) => `${name} ${percent(end.perClassAcc[i] ?? null)}`).join(', ')}`);
      if (saved.length) io.out(`Model saved: ${saved[0]}`);
    }
    return 0;
  } catch (error) {
    return reportFailure(toErrorReply(error), flags.json, io);
  } finally {
    host.dispose();
  }
}
