import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { BackendContest, BackendName, BackendReport } from '../backend/index.js';
import { selectBackend } from '../backend/index.js';
import { fileSpeedCache } from '../backend/speed-cache.js';
import type { CifarDataset } from '../data/index.js';
import { CIFAR_SHAPE, defaultCacheDir, downloadCifar10, importCifar10Archive, resolveCifar10Dir, splitShape } from '../data/index.js';
import type { FolderImportOptions } from '../data/image-folder/index.js';
import { importImageFolder } from '../data/image-folder/index.js';
import { datasetMismatches } from '../graph/adapt-to-dataset.js';
import type { Graph } from '../graph/types.js';
import { inputShapeOf } from '../layers/input.js';
import type { DatasetRef } from '../project/schema.js';
import { predictImages } from '../predict/predict-images.js';
import { loadTfjsModel } from '../export/tfjs.js';
import { exportModel } from '../export/export-model.js';
import { analyzeGraph, withMemoryCheck } from '../graph/analyze.js';
import { likelyBackend, memoryLimits } from '../backend/memory-limits.js';
import { compileGraph, GraphInvalidError } from '../compile/compile.js';
import { CIFAR10_CLASS_NAMES, describeNormalization } from '../data/index.js';
import * as tf from '../tf.js';
import { parseProject, serializeProject } from '../project/load.js';
import { packageRoot, loadTemplates } from '../project/templates.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { hasCheckpoint, readCheckpoint } from '../train/checkpoint.js';
import { learningRateCurve } from '../project/learning-rate.js';
import { trainValidationSplits } from '../train/splits.js';
import { TrainingSession } from '../train/session.js';
import { speedKey, trainingSpeedTrial } from '../train/speed-trial.js';
import { timeInChildProcess } from '../train/isolated-speed-trial.js';
import type { TrainingConfig } from '../project/schema.js';
import type { EngineApi, EventName, EventPayload, RequestArg, RequestName, RequestResult, StoredRun } from './contract.js';
import { events, requests } from './contract.js';
import { DatasetCache } from './dataset-cache.js';
import { EngineError, toErrorReply } from './errors.js';
import { EventListeners } from './event-listeners.js';
import { RunRegistry } from './run-registry.js';
import { RunStore } from './run-store.js';

export interface EngineHostOptions {
  /** Where downloads and imports go; defaults to the per-user data folder. */
  cacheDir?: string;
  /** The data folder chosen by the user (app setting / --data); else LAYERLOOM_CIFAR10_DIR, else the cache. */
  dataDir?: string;
  /** Force a backend instead of the fastest available one for each run. */
  backend?: BackendName;
  env?: NodeJS.ProcessEnv;
  /**
   * Keep every run (settings, curves, checkpoints) under <cache>/runs so it outlives the process;
   * the app does. The CLI does not: it checkpoints only where --checkpoint says.
   */
  persistRuns?: boolean;
}

type Handlers = { [N in RequestName]: (arg: RequestResultArg<N>) => Promise<RequestResult<N>> };
type RequestResultArg<N extends RequestName> = ReturnType<(typeof requests)[N]['arg']['parse']>;

/**
 * The engine behind every transport: answers the contract's requests and emits its events.
 * Runs in plain Node (CLI, browser-mode server, Electron utility process), never in a window.
 */
export class EngineHost implements EngineApi {
  private readonly listeners = new EventListeners();
  private readonly datasets = new DatasetCache();
  private readonly runs = new RunRegistry();
  private readonly cacheDir: string;
  /** Runs on disk (settings, curves, checkpoints), so they outlive the process. */
  readonly store: RunStore;
  private dataDir: string | undefined;
  /** Unsaved work of browser-mode pages (the desktop app keeps its own in its user-data folder). */
  private readonly recoveryFile: string;
  private backend: Promise<BackendReport> | null = null;

  constructor(private readonly options: EngineHostOptions = {}) {
    this.cacheDir = options.cacheDir ?? defaultCacheDir({ env: options.env ?? process.env });
    this.dataDir = options.dataDir;
    this.recoveryFile = join(this.cacheDir, 'recovery', 'autosave.layerloom.json');
    this.store = new RunStore(join(this.cacheDir, 'runs'));
  }

  async request<N extends RequestName>(name: N, arg: RequestArg<N>): Promise<RequestResult<N>> {
    const schema = requests[name];
    if (!schema) throw new EngineError(`Unknown request '${String(name)}'.`, 'Update the app: its window and engine are out of step.');
    const parsed = schema.arg.safeParse(arg);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EngineError(`Request '${name}' has a bad argument at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`, 'Correct the value and try again.');
    }
    const handler = this.handlers[name] as (arg: unknown) => Promise<RequestResult<N>>;
    return handler(parsed.data);
  }

  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    return this.listeners.add(name, listener);
  }

  dispose(): void {
    this.runs.disposeAll();
    this.listeners.clear();
  }

  /** The backend in use, chosen once on first need. */
  backendReport(): Promise<BackendReport> {
    this.backend ??= selectBackend(this.options.backend ? { prefer: this.options.backend } : {});
    return this.backend;
  }

  /**
   * The backend for one run: the pinned one (the run's, else the host's), or the fastest for
   * this graph and batch among those that load, timed here or remembered from an earlier run.
   */
  private backendForRun(
    graph: Graph, training: TrainingConfig, pinned: BackendName | undefined, dataLoaded: Promise<unknown>, deferred: (contest: BackendContest) => void,
  ): Promise<BackendReport> {
    // Backends start while the data loads; the timing waits for the load, which would otherwise
    // take CPU from the steps being timed (and skew the choice by how long loading lasts).
    const quiet = dataLoaded.then(() => undefined, () => undefined);
    const choice = pinned !== undefined
      ? selectBackend({ prefer: pinned })
      : selectBackend({
        speed: {
          trial: async () => {
            await quiet;
            return trainingSpeedTrial(graph, training);
          },
          key: speedKey(graph, training),
          cache: fileSpeedCache(join(this.cacheDir, 'backend-speed.json')),
          isolated: (name, { go, loaded, signal }) => timeInChildProcess(name, graph, training, { startWhen: Promise.all([quiet, go]), onReady: loaded, signal }),
          deferred,
        },
      });
    // engine.info answers with what the last run chose (or, if that failed, selects afresh).
    this.backend = choice;
    choice.catch(() => {
      if (this.backend === choice) this.backend = null;
    });
    return choice;
  }

  private emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const checked = events[name].parse(payload) as EventPayload<N>;
    this.listeners.emit(name, checked);
  }

  private resolveData(dir?: string) {
    return resolveCifar10Dir({ option: dir ?? this.dataDir, env: this.options.env ?? process.env, cacheDir: this.cacheDir });
  }

  private async loadData(dir?: string) {
    const location = this.resolveData(dir);
    if (!location) {
      throw new EngineError('CIFAR-10 is not on this computer yet.',
        `Download it from the Training panel, import a cifar-10-binary.tar.gz or a cifar-10-batches-bin folder, or set LAYERLOOM_CIFAR10_DIR. Downloads go to ${this.cacheDir}.`);
    }
    return this.datasets.load(location.dir);
  }

  /** The project's dataset: an image folder at the Input node's size, or CIFAR-10. */
  private loadDataset(graph: Graph, ref: DatasetRef | undefined, dataDir?: string): Promise<CifarDataset> {
    if (ref?.kind !== 'folder') return this.loadData(dataDir);
    const [height, width] = inputShapeOf(graph.nodes.find((n) => n.kind === 'input')?.params ?? {});
    // Read the folder again: files may have changed since the import (the cache keeps that quick).
    this.datasets.forget();
    return this.loadFolder({ path: ref.path, height, width, fit: ref.fit, ...(ref.channels !== undefined && { channels: ref.channels }) });
  }

  private loadFolder({ path, ...options }: FolderImportOptions & { path: string }): Promise<CifarDataset> {
    const key = `folder:${resolve(path)}:${options.height}x${options.width}:${options.fit}:${options.channels ?? 'auto'}`;
    return this.datasets.loadWith(key, () => importImageFolder(path, {
      ...options, cacheDir: this.cacheDir,
      onProgress: (p) => this.emit('dataset.importProgress', { path, ...p }),
    }));
  }

  private readonly handlers: Handlers = {
    'engine.info': async () => {
      const backend = await this.backendReport();
      return { version: packageVersion(), backend, memory: memoryLimits(backend.name) };
    },

    'templates.list': async () => loadTemplates().map(({ id, project }) => ({
      id, name: project.name ?? id, description: project.description ?? '', params: analyzeGraph(project.graph).totalParams, project,
    })),

    'project.validate': async ({ graph }) => {
      const analysis = analyzeGraph(graph);
      return { ok: analysis.valid, params: analysis.totalParams, issues: analysis.issues };
    },

    'project.read': async ({ path }) => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new EngineError(`Cannot open ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, 'Check the path, or pick the file again.');
      }
      return { path, project: parseProject(text, path) };
    },

    'recovery.load': async () => {
      try {
        return await readFile(this.recoveryFile, 'utf8');
      } catch {
        return null;
      }
    },

    'recovery.save': async ({ text }) => {
      // Beside, then rename: a crash mid-write keeps the previous copy whole.
      const temp = `${this.recoveryFile}.${process.pid}.tmp`;
      await mkdir(dirname(this.recoveryFile), { recursive: true });
      await writeFile(temp, text);
      await rename(temp, this.recoveryFile);
      return {};
    },

    'recovery.clear': async () => {
      await rm(this.recoveryFile, { force: true });
      return {};
    },

    'project.write': async ({ path, project }) => {
      // Write beside, then rename: a crash mid-save never truncates the user's project.
      const temp = `${path}.saving-${process.pid}`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(temp, serializeProject(project));
        await rename(temp, path);
      } catch (error) {
        throw new EngineError(`Cannot save ${path}: ${(error as Error).message}.`, 'Choose a folder you can write to, or free disk space.');
      }
      return { path };
    },

    'dataset.status': async ({ dir }) => {
      const location = this.resolveData(dir);
      if (!location) {
        return { found: false as const, problem: 'CIFAR-10 is not on this computer yet.', fix: 'Download it (170 MB), import a cifar-10-binary.tar.gz or folder, or set LAYERLOOM_CIFAR10_DIR.', cacheDir: this.cacheDir };
      }
      try {
        const data = await this.datasets.load(location.dir);
        return { found: true as const, dir: location.dir, from: location.from, trainCount: data.train.count, testCount: data.test.count, classNames: [...data.classNames] };
      } catch (error) {
        const reply = toErrorReply(error);
        return { found: false as const, problem: reply.message, fix: reply.fix, cacheDir: this.cacheDir };
      }
    },

    'dataset.download': async () => {
      const dir = await downloadCifar10({
        cacheDir: this.cacheDir,
        onProgress: (p) => this.emit('dataset.progress', { phase: 'download', receivedBytes: p.receivedBytes, totalBytes: p.totalBytes }),
      });
      this.dataDir = undefined;
      return { dir };
    },

    'dataset.import': async ({ path }) => {
      if (!existsSync(path)) throw new EngineError(`${path} does not exist.`, 'Pick a cifar-10-binary.tar.gz file or a cifar-10-batches-bin folder.');
      if (statSync(path).isDirectory()) {
        await this.datasets.load(path);
        this.dataDir = path;
        return { dir: path };
      }
      const dir = await importCifar10Archive(path, this.cacheDir);
      this.dataDir = undefined;
      return { dir };
    },

    'dataset.importFolder': async ({ path, ...options }) => {
      this.datasets.forget();
      const data = await this.loadFolder({ path, ...options });
      if (!data.folder) throw new EngineError(`${path} was not read as an image folder.`, 'Pick a folder with one subfolder per class.');
      return data.folder;
    },

    'dataset.samples': async ({ split, indices }) => {
      const data = await (this.datasets.current() ?? this.loadData());
      const part = data[split];
      const shape = splitShape(part);
      const bytes = shape.height * shape.width * shape.channels;
      return indices.filter((i) => i < part.count).map((index) => ({
        index, label: part.labels[index] as number, ...shape,
        rgb: Buffer.from(part.images.subarray(index * bytes, (index + 1) * bytes)).toString('base64'),
      }));
    },

    'training.start': async (arg) => {
      if (this.runs.active()) throw new EngineError('A training run is already in progress.', 'Stop it before starting another.');
      const stored = arg.resumeRunId === undefined ? null : await this.store.read(arg.resumeRunId);
      if (arg.resumeRunId !== undefined && !stored) throw new EngineError(`There is no stored run ${arg.resumeRunId}.`, 'Pick a run from the run history.');
      const checkpointSource = stored ? this.store.checkpointDir(stored.id) : arg.resumeFrom;
      const resume: Checkpoint | undefined = checkpointSource === undefined ? undefined : await readCheckpoint(checkpointSource);
      if (resume && resume.meta.epoch >= resume.meta.training.epochs) {
        throw new EngineError('That run already finished all its epochs.', 'Start a new run (or raise the epochs of the project and train again).');
      }
      // A resumed run keeps its own graph and settings: the checkpoint's weights belong to them.
      const graph = resume?.meta.graph ?? arg.graph;
      const training = resume?.meta.training ?? arg.training;
      const limit = resume ? resume.meta.limit ?? undefined : arg.limit;
      // And its own images (checkpoints from before image folders say nothing: then the project's).
      const dataset = resume?.meta.dataset ?? arg.dataset;
      const analysis = analyzeGraph(graph);
      if (!analysis.valid) throw new GraphInvalidError(analysis.issues);
      // A run that cannot fit is refused with the figure and the fix, not left to crash mid-epoch
      // (nor in a backend's speed trial): first against the backend it would most likely get,
      // then against the one it got.
      const pin = arg.backend ?? this.options.backend;
      const fitsLikely = withMemoryCheck(analysis, { training, limits: memoryLimits(pin ?? likelyBackend()) });
      if (!fitsLikely.valid) throw new GraphInvalidError(fitsLikely.issues);
      // Together: the files are read while WASM compiles (the first run's start, CLI included).
      const loading = this.loadDataset(graph, dataset, arg.dataDir);
      // A deferred choice's contest goes to the session, which settles it a few seconds in.
      let contest: BackendContest | undefined;
      let backend: BackendReport;
      let data: Awaited<typeof loading>;
      try {
        [backend, data] = await Promise.all([this.backendForRun(graph, training, pin, loading, (c) => { contest = c; }), loading]);
      } catch (error) {
        contest?.cancel();
        throw error;
      }
      const mismatches = datasetMismatches(graph, { shape: data.train.shape ?? CIFAR_SHAPE, classNames: data.classNames });
      const fits = withMemoryCheck(analysis, { training, limits: memoryLimits(backend.name) });
      if (mismatches.length || !fits.valid) {
        contest?.cancel();
        throw new GraphInvalidError(mismatches.length ? mismatches : fits.issues);
      }
      const id = stored?.id ?? this.runs.nextId();
      const persistRuns = this.options.persistRuns ?? true;
      const checkpointDir = arg.checkpointDir ?? arg.resumeFrom ?? (persistRuns ? this.store.checkpointDir(id) : undefined);
      const trainCount = trainValidationSplits(data.train, training.validationSplit, limit).train.count;
      const stepsPerEpoch = Math.ceil(trainCount / Math.max(1, Math.min(training.batchSize, trainCount)));
      const now = new Date().toISOString();
      const run: StoredRun = {
        id, name: arg.name ?? stored?.name ?? null, startedAt: stored?.startedAt ?? now, updatedAt: now, status: 'running',
        graph, training, limit: limit ?? null, ...(dataset && { dataset }), params: analysis.totalParams, history: [...(resume?.meta.history ?? [])],
        lrCurve: learningRateCurve(training.schedule, { learningRate: training.learningRate, stepsPerEpoch, epochs: training.epochs }),
        stepsPerEpoch, testAcc: null, testLoss: null, bestEpoch: null, weightsFromEpoch: null, stoppedEarly: false, error: null, resumable: false,
      };
      // Storing is best effort: a full disk must not stop a run the user is watching.
      // Writes go one after another, so an older snapshot never lands after a newer one.
      let writes = Promise.resolve();
      const persist = (patch: Partial<StoredRun>): Promise<void> => {
        Object.assign(run, patch, { updatedAt: new Date().toISOString() });
        const snapshot = structuredClone(run);
        if (persistRuns) writes = writes.then(() => this.store.write({ ...snapshot, resumable: this.store.resumable(snapshot) })).catch(() => undefined);
        return writes;
      };
      void persist({});
      const record = this.runs.add(new TrainingSession({
        graph, training, data, ...(limit === undefined ? {} : { limit }), ...(dataset && { dataset }), ...(checkpointDir !== undefined && { checkpointDir }), ...(resume && { resume }),
        ...(contest && { backendContest: contest }),
        callbacks: {
          onBackend: (report) => {
            backend = report;
            this.backend = Promise.resolve(report);
            this.emit('training.backend', { runId: record.id, backend: report });
          },
          onState: (state) => this.emit('training.state', { runId: record.id, state: state === 'idle' ? 'loading' : state }),
          onBatch: (p) => this.emit('training.batch', { runId: record.id, ...p }),
          onEpoch: (e) => {
            void persist({ history: [...run.history, e] });
            this.emit('training.epoch', { runId: record.id, ...e });
          },
        },
      }), [...data.classNames], id);
      if (data.folder) {
        record.input = { ...data.folder.shape, fit: data.folder.fit };
        record.preprocessing = data.folder.preprocessing;
      }
      record.session.run().then(async (result) => {
        record.testAcc = result.test.acc;
        await persist({
          status: result.status, history: result.history, testAcc: result.test.acc, testLoss: result.test.loss,
          bestEpoch: result.bestEpoch, weightsFromEpoch: result.weightsFromEpoch, stoppedEarly: result.stoppedEarly,
        });
        this.emit('training.end', {
          runId: record.id, status: result.status, testAcc: result.test.acc, testLoss: result.test.loss,
          confusion: result.test.confusion, perClassAcc: result.perClassAcc, classNames: result.classNames,
          predictions: Array.from(result.test.predictions), labels: Array.from(data.test.labels.subarray(0, result.test.count)),
          params: result.params, backend: backend.name, seconds: result.seconds, epochsDone: result.epochsDone,
          bestEpoch: result.bestEpoch, weightsFromEpoch: result.weightsFromEpoch, stoppedEarly: result.stoppedEarly,
        });
      }, async (error: unknown) => {
        const reply = toErrorReply(error);
        await persist({ status: 'failed', error: reply.message });
        this.emit('training.error', { runId: record.id, ...reply });
      });
      return { runId: record.id, backend };
    },

    'runs.list': async () => this.store.list(this.runs.ids()),

    'runs.delete': async ({ runId }) => {
      if (this.runs.active()?.id === runId) throw new EngineError('That run is still training.', 'Stop it first, then delete it.');
      return { deleted: await this.store.delete(runId) };
    },

    'training.pause': async ({ runId }) => this.control(runId, (s) => s.pause()),
    'training.resume': async ({ runId }) => this.control(runId, (s) => s.resume()),
    'training.stop': async ({ runId }) => this.control(runId, (s) => s.stop()),

    'model.export': async ({ runId, format, outDir }) => {
      const record = this.runs.get(runId);
      if (!record) return { paths: await this.exportStored(runId, format, outDir) };
      const { session } = record;
      const paths = await exportModel(format, session.model, outDir, {
        graph: session.options.graph, classNames: record.classNames, outputsProbabilities: session.compiled.outputsProbabilities,
        preprocessing: record.preprocessing ?? describeNormalization(session.normalization, 'NHWC'), normalization: session.normalization,
        testAcc: record.testAcc, training: session.options.training, ...(record.input && { input: record.input }),
      });
      return { paths };
    },

    'model.predict': async ({ runId, modelDir, images, topK }) => {
      const inputs = images.map((i) => ({ name: i.name, bytes: Buffer.from(i.data, 'base64') }));
      if (runId !== undefined) {
        const record = this.runs.get(runId);
        if (!record) throw new EngineError(`Run ${runId} is no longer in memory.`, 'Train again, or predict with an exported model folder.');
        return predictImages(record.session.model, inputs, {
          classNames: record.classNames, outputsProbabilities: record.session.compiled.outputsProbabilities, fit: record.input?.fit ?? 'crop', ...(topK && { topK }),
        });
      }
      await this.backendReport();
      const { model, metadata } = await loadTfjsModel(modelDir as string);
      try {
        return await predictImages(model, inputs, {
          classNames: metadata?.classNames ?? [], outputsProbabilities: metadata?.outputsProbabilities ?? false, fit: metadata?.input?.fit ?? 'crop', ...(topK && { topK }),
        });
      } finally {
        model.dispose();
      }
    },
  };

  /** A run from an earlier session: its model rebuilt from the checkpoint (the best epoch's weights where it kept them). */
  private async exportStored(runId: string, format: Parameters<typeof exportModel>[0], outDir: string): Promise<string[]> {
    const stored = await this.store.read(runId).catch(() => null);
    if (!stored || !hasCheckpoint(this.store.checkpointDir(runId))) {
      throw new EngineError(`Run ${runId} is no longer in memory and has no checkpoint on disk.`, 'Train again, then export.');
    }
    await this.backendReport();
    const checkpoint = await readCheckpoint(this.store.checkpointDir(runId));
    const { meta } = checkpoint;
    const compiled = compileGraph(meta.graph, { seed: 0, ...(meta.training.initializer && { initializer: meta.training.initializer }) });
    try {
      const weights = meta.training.restoreBest && checkpoint.bestWeights ? checkpoint.bestWeights : checkpoint.weights;
      const { model } = compiled;
      tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape as number[]))));
      return await exportModel(format, model, outDir, {
        graph: meta.graph, classNames: [...CIFAR10_CLASS_NAMES], outputsProbabilities: compiled.outputsProbabilities,
        preprocessing: describeNormalization(meta.normalization, 'NHWC'), normalization: meta.normalization,
        testAcc: stored.testAcc, training: meta.training,
      });
    } finally {
      compiled.model.dispose();
    }
  }

  private async control(runId: string, act: (s: TrainingSession) => void): Promise<{ state: string }> {
    const record = this.runs.get(runId);
    if (!record) throw new EngineError(`There is no run ${runId}.`, 'Start a training run first.');
    act(record.session);
    return { state: record.session.state };
  }
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

