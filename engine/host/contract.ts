import { z } from 'zod';
import { datasetRefSchema, graphSchema, projectSchema, trainingConfigSchema } from '../project/schema.js';

/**
 * The one contract between the engine and anything that drives it: every request with its
 * argument and result, every event with its payload. Electron IPC and the WebSocket transport
 * expose exactly this, and check every message against these schemas at their boundary.
 */

const issueSchema = z.object({
  nodeId: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  fix: z.string(),
});

const backendName = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);

export const backendReportSchema = z.object({
  name: backendName,
  tfBackend: z.string(),
  threads: z.number().int(),
  simd: z.boolean().nullable(),
  nativeKernels: z.boolean(),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
  /** How a run's backend was chosen by timing its model (engine/backend/speed.ts); null when pinned or before any run. */
  speed: z.object({
    measured: z.array(z.object({ name: backendName, label: z.string(), imagesPerSec: z.number() })),
    chosen: backendName,
    how: z.enum(['measured', 'cached', 'only', 'provisional']),
  }).nullable(),
});

/** What a run can use where the engine runs (engine/graph/memory's MemoryLimits): the canvas checks memory against it. */
export const memoryLimitsSchema = z.object({
  freeBytes: z.number().nonnegative(),
  backend: z.string(),
  backendMaxBytes: z.number().positive().nullable(),
  maxTensorElements: z.number().positive(),
});

/** Generous for a graph with layout; far below anything that would hurt to hold in memory. */
export const MAX_RECOVERY_BYTES = 20 * 1024 * 1024;
const recoveryText = z.string().max(MAX_RECOVERY_BYTES);

const runId = z.string().min(1).max(100);
const filePath = z.string().min(1).max(4096);

export const epochPointSchema = z.object({
  epoch: z.number().int(), epochs: z.number().int(), loss: z.number(), acc: z.number(),
  valLoss: z.number().nullable(), valAcc: z.number().nullable(), seconds: z.number(), imagesPerSec: z.number(),
  /** Learning rate at the epoch's last step. */
  lr: z.number().optional(),
});

/** A run as stored on disk (run.json): enough to draw its curves and resume it after a restart. */
export const storedRunSchema = z.object({
  id: runId,
  name: z.string().max(200).nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  status: z.enum(['running', 'completed', 'stopped', 'failed', 'interrupted']),
  graph: graphSchema,
  training: trainingConfigSchema,
  limit: z.number().int().nullable(),
  /** The images it trains on; absent means CIFAR-10 (and runs stored before image folders). */
  dataset: datasetRefSchema.optional(),
  params: z.number().int(),
  history: z.array(epochPointSchema),
  /** The learning rate at every step, sampled (the schedule), for the dashboard's curve. */
  lrCurve: z.array(z.object({ step: z.number().int(), lr: z.number() })),
  stepsPerEpoch: z.number().int(),
  testAcc: z.number().nullable(),
  testLoss: z.number().nullable(),
  bestEpoch: z.number().int().nullable(),
  weightsFromEpoch: z.number().int().nullable(),
  stoppedEarly: z.boolean(),
  error: z.string().nullable(),
  /** A checkpoint exists and the run has epochs left: it can be resumed. */
  resumable: z.boolean(),
});
export type StoredRun = z.infer<typeof storedRunSchema>;

export const datasetStatusSchema = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), dir: z.string(), from: z.enum(['option', 'env', 'cache']), trainCount: z.number().int(), testCount: z.number().int(), classNames: z.array(z.string()) }),
  z.object({ found: z.literal(false), problem: z.string(), fix: z.string(), cacheDir: z.string() }),
]);

const fitSchema = z.enum(['crop', 'pad']);
const count = z.number().int().min(0);

/** An imported image folder: what the dataset view shows and the app adapts the graph to. */
export const folderDatasetSchema = z.object({
  root: z.string(),
  layout: z.enum(['classes', 'train-test']),
  shape: z.object({ height: z.number().int(), width: z.number().int(), channels: z.number().int() }),
  fit: fitSchema,
  classNames: z.array(z.string()),
  counts: z.object({ train: z.array(count), test: z.array(count) }),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  fromCache: z.boolean(),
  decoded: count,
  cacheDir: z.string(),
  test: z.discriminatedUnion('from', [z.object({ from: z.literal('folder') }), z.object({ from: z.literal('split'), share: z.number(), seed: z.number().int() })]),
  preprocessing: z.string(),
});

const predictionSchema = z.union([
  z.object({ name: z.string(), top: z.array(z.object({ index: z.number().int(), className: z.string(), probability: z.number() })) }),
  z.object({ name: z.string(), error: z.string() }),
]);

export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  params: z.number().int(),
  project: projectSchema,
});

/** Trained-model export formats: TF.js layers folder, ONNX file, PyTorch module + weights + scripts. */
export const EXPORT_FORMATS = ['tfjs', 'onnx', 'pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const requests = {
  'engine.info': {
    arg: z.object({}),
    result: z.object({ version: z.string(), backend: backendReportSchema, memory: memoryLimitsSchema.optional() }),
  },
  'templates.list': {
    arg: z.object({}),
    result: z.array(templateSummarySchema),
  },
  'project.validate': {
    arg: z.object({ graph: graphSchema }),
    result: z.object({ ok: z.boolean(), params: z.number().int(), issues: z.array(issueSchema) }),
  },
  'project.read': {
    arg: z.object({ path: filePath }),
    result: z.object({ path: z.string(), project: projectSchema }),
  },
  'project.write': {
    arg: z.object({ path: filePath, project: projectSchema }),
    result: z.object({ path: z.string() }),
  },
  // The unsaved-work copy of browser mode, kept where the engine keeps its data (as the desktop
  // app keeps its own), so it outlives the page's origin: a restart of `npm run web` changes the port.
  'recovery.load': {
    arg: z.object({}),
    result: recoveryText.nullable(),
  },
  'recovery.save': {
    arg: z.object({ text: recoveryText }),
    result: z.object({}),
  },
  'recovery.clear': {
    arg: z.object({}),
    result: z.object({}),
  },
  'dataset.status': {
    arg: z.object({ dir: filePath.optional() }),
    result: datasetStatusSchema,
  },
  'dataset.download': {
    arg: z.object({}),
    result: z.object({ dir: z.string() }),
  },
  'dataset.import': {
    arg: z.object({ path: filePath }),
    result: z.object({ dir: z.string() }),
  },
  'dataset.importFolder': {
    arg: z.object({
      path: filePath, height: z.number().int().min(1).max(1024), width: z.number().int().min(1).max(1024), fit: fitSchema,
      channels: z.union([z.literal('auto'), z.literal(1), z.literal(3)]).optional(),
    }),
    result: folderDatasetSchema,
  },
  'dataset.samples': {
    arg: z.object({ split: z.enum(['train', 'test']), indices: z.array(z.number().int().min(0)).max(200) }),
    /** Samples of the dataset loaded last (the one being trained on or just imported). */
    result: z.array(z.object({
      index: z.number().int(), label: z.number().int(),
      rgb: z.string() /* base64, height×width×channels HWC */, height: z.number().int(), width: z.number().int(), channels: z.number().int(),
    })),
  },
  'training.start': {
    arg: z.object({
      graph: graphSchema,
      training: trainingConfigSchema,
      dataDir: filePath.optional(),
      /** The project's dataset; absent means CIFAR-10. An image folder is read at the Input node's size. */
      dataset: datasetRefSchema.optional(),
      /** Cap on training images, for quick trials. */
      limit: z.number().int().min(1).optional(),
      /** Pin a backend; without one the engine times the model on each that loads and takes the fastest. */
      backend: backendName.optional(),
      /** Where the run writes its checkpoints (each epoch, and at Stop); the run's own folder under the engine's data when absent. */
      checkpointDir: filePath.optional(),
      /** Continue a stopped or crashed run from its checkpoint folder; graph and training then come from the checkpoint. */
      resumeFrom: filePath.optional(),
      /** Continue a stored run (runs.list) by id; its curves carry on. */
      resumeRunId: runId.optional(),
      /** Shown in the run history (the project's name). */
      name: z.string().max(200).optional(),
    }),
    /** The backend the run trains on, with how it was chosen (the panel shows it). */
    result: z.object({ runId, backend: backendReportSchema }),
  },
  /** Runs kept where the engine keeps its data: their settings, curves and results survive restarts. */
  'runs.list': {
    arg: z.object({}),
    result: z.array(storedRunSchema),
  },
  'runs.delete': {
    arg: z.object({ runId }),
    result: z.object({ deleted: z.boolean() }),
  },
  'training.pause': { arg: z.object({ runId }), result: z.object({ state: z.string() }) },
  'training.resume': { arg: z.object({ runId }), result: z.object({ state: z.string() }) },
  'training.stop': { arg: z.object({ runId }), result: z.object({ state: z.string() }) },
  'model.predict': {
    arg: z.object({
      /** A run trained in this engine, or a folder a TF.js export (Export button, `layerloom train --out`) wrote. */
      runId: runId.optional(),
      modelDir: filePath.optional(),
      images: z.array(z.object({ name: z.string().max(4096), data: z.string().max(40_000_000) /* base64 file bytes */ })).min(1).max(500),
      topK: z.number().int().min(1).max(100).optional(),
    }).refine((a) => (a.runId === undefined) !== (a.modelDir === undefined), 'give exactly one of runId and modelDir'),
    result: z.array(predictionSchema),
  },
  'model.export': {
    arg: z.object({ runId, format: z.enum(EXPORT_FORMATS), outDir: filePath }),
    result: z.object({ paths: z.array(z.string()) }),
  },
} as const;

export const events = {
  'training.state': z.object({ runId, state: z.enum(['loading', 'running', 'paused', 'stopping', 'completed', 'stopped', 'failed']) }),
  'training.batch': z.object({
    runId, epoch: z.number().int(), epochs: z.number().int(), batch: z.number().int(), batches: z.number().int(),
    loss: z.number(), acc: z.number(), imagesPerSec: z.number(), etaSeconds: z.number(),
    lr: z.number().optional(),
  }),
  'training.epoch': epochPointSchema.extend({ runId }),
  'training.end': z.object({
    runId, status: z.enum(['completed', 'stopped']), testAcc: z.number(), testLoss: z.number(),
    confusion: z.array(z.array(z.number().int())), perClassAcc: z.array(z.number()), classNames: z.array(z.string()),
    /** Predicted class per test image, in test-set order, so the UI can list a confusion cell's images. */
    predictions: z.array(z.number().int()),
    labels: z.array(z.number().int()),
    params: z.number().int(), backend: z.string(), seconds: z.number(), epochsDone: z.number().int(),
    /** Epoch with the best validation figure; the epoch whose weights the model ends with (restore-best). */
    bestEpoch: z.number().int().nullable().optional(),
    weightsFromEpoch: z.number().int().optional(),
    stoppedEarly: z.boolean().optional(),
  }),
  'training.error': z.object({ runId, message: z.string(), fix: z.string() }),
  /** A run that started on a provisional backend has timed the others: the backend from now on, and the figures. */
  'training.backend': z.object({ runId, backend: backendReportSchema }),
  'dataset.importProgress': z.object({ path: z.string(), done: count, total: count, skipped: count }),
  'dataset.progress': z.object({ phase: z.enum(['download', 'verify', 'extract']), receivedBytes: z.number(), totalBytes: z.number().nullable() }),
} as const;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestArg<N extends RequestName> = z.input<(typeof requests)[N]['arg']>;
export type RequestResult<N extends RequestName> = z.infer<(typeof requests)[N]['result']>;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;
export type BackendReportPayload = z.infer<typeof backendReportSchema>;
export const BACKEND_NAMES = backendName.options;

/** What a transport hands back when a request fails: a message for the user and what to do. */
export const errorReplySchema = z.object({ message: z.string(), fix: z.string() });
export type ErrorReply = z.infer<typeof errorReplySchema>;

/**
 * The one interface the renderer and CLI talk to, whatever carries it (in-process, IPC, WebSocket).
 * `request` rejects with an Error whose message is user-facing.
 */
export interface EngineApi {
  request<N extends RequestName>(name: N, arg: RequestArg<N>): Promise<RequestResult<N>>;
  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
