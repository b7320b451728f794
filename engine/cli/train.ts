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
import { duration, percent, progressBar, table, thousands } from './format.js';

export interface TrainFlags {
  data?: string; epochs?: number; batch?: number; optimizer?: string; lr?: number; momentum?: number;
  limit?: number; seed?: number; out?: string; json: boolean; valSplit?: number; backend?: BackendName;
  init?: string; reference?: boolean;
  /** Image folders: the size to resize to (default: the Input node's) and how to fit it. */
  size?: { height: number; width: number }; fit?: FitMode;
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
  };
  const parsed = trainingConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Object.assign(new Error(`Training setting ${issue?.path.join('.')} is invalid: ${issue?.message}.`), { fix: 'Correct the flag or the training block of the project file.' });
  }
  return parsed.data;
}

export async function trainCommand(file: string, flags: TrainFlags, io: CliIo): Promise<number> {
  const folder = flags.data !== undefined && isImageFolder(flags.data);
  const host = new EngineHost({ ...(flags.data !== undefined && !folder && { dataDir: resolve(flags.data) }), ...(flags.backend && { backend: flags.backend }) });
  try {
    const project = parseProject(await readFile(file, 'utf8'), file);
    const training = trainingWithFlags(project.training, flags);
    // --data FOLDER, or the folder the project records (unless --data names CIFAR-10).
    const recorded = project.dataset?.kind === 'folder' && flags.data === undefined ? project.dataset : undefined;
    let dataset: DatasetRef | undefined;
    let graph = project.graph;
    if (folder || recorded) {
      const path = folder ? resolve(flags.data as string) : (recorded as { path: string }).path;
      const [inputHeight, inputWidth] = inputShapeOf(graph.nodes.find((n) => n.kind === 'input')?.params ?? {});
      const size = flags.size ?? { height: inputHeight, width: inputWidth };
      const fit = flags.fit ?? (project.dataset?.kind === 'folder' ? project.dataset.fit : 'crop');
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
      io.err(`Training ${project.name ?? file}: ${training.optimizer} lr ${training.learningRate}${training.optimizer === 'adam' ? '' : ` momentum ${training.momentum}`}, batch ${training.batchSize}, ${training.epochs} epochs, ${training.initializer ?? 'glorot'} init, ${Math.round(training.validationSplit * 100)}% held out for validation`);
    }
    const epochs: EventPayload<'training.epoch'>[] = [];
    const done = new Promise<EventPayload<'training.end'>>((resolveEnd, reject) => {
      host.subscribe('training.end', resolveEnd);
      host.subscribe('training.error', (e) => reject(Object.assign(new Error(e.message), { fix: e.fix })));
    });
    host.subscribe('training.batch', (b) => io.status(`epoch ${b.epoch}/${b.epochs} ${progressBar(b.batch, b.batches)} loss ${b.loss.toFixed(4)} acc ${percent(b.acc)} ${Math.round(b.imagesPerSec)} img/s ETA ${duration(b.etaSeconds)}`));
    host.subscribe('training.epoch', (e) => {
      epochs.push(e);
      const { runId: _runId, ...line } = e;
      if (flags.json) io.out(JSON.stringify({ type: 'epoch', ...line }));
      else io.err(`epoch ${e.epoch}/${e.epochs}  loss ${e.loss.toFixed(4)}  acc ${percent(e.acc)}  val loss ${e.valLoss?.toFixed(4) ?? '—'}  val acc ${percent(e.valAcc)}  ${e.seconds.toFixed(1)}s  ${Math.round(e.imagesPerSec)} img/s`);
    });
    // The backend is chosen here: pinned by --backend, else the fastest for this graph and batch.
    const { runId, backend } = await host.request('training.start', { graph, training, ...(dataset && { dataset }), ...(flags.limit !== undefined && { limit: flags.limit }) });
    if (!flags.json) io.err(describeBackend(backend));
    // Ctrl-C ends the run after the current batch; the model is still evaluated and saved.
    const onSigint = () => { void host.request('training.stop', { runId }); };
    process.once('SIGINT', onSigint);
    const end = await done.finally(() => process.off('SIGINT', onSigint));
    let saved: string[] = [];
    if (flags.out !== undefined) saved = (await host.request('model.export', { runId, format: 'tfjs', outDir: resolve(flags.out) })).paths;
    if (flags.json) {
      io.out(JSON.stringify({ type: 'end', status: end.status, testAcc: end.testAcc, testLoss: end.testLoss, params: end.params, backend: end.backend, backendChoice: backend.speed === null ? null : describeSpeedChoice(backend.speed), seconds: end.seconds, epochsDone: end.epochsDone, ...(saved.length && { saved }) }));
    } else {
      io.out(table(['epoch', 'loss', 'acc', 'val loss', 'val acc', 'seconds', 'img/s'],
        epochs.map((e) => [String(e.epoch), e.loss.toFixed(4), percent(e.acc), e.valLoss?.toFixed(4) ?? '—', percent(e.valAcc), e.seconds.toFixed(1), thousands(Math.round(e.imagesPerSec))]),
        [true, true, true, true, true, true, true]));
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
