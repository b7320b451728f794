import { z } from 'zod';
import { NODE_KINDS } from '../graph/types.js';

export const PROJECT_FORMAT = 'layerloom';
export const PROJECT_VERSION = 1;

const paramValue = z.union([z.number(), z.string(), z.boolean()]);
const id = z.string().min(1, 'must not be empty').max(200);

export const graphNodeSchema = z.object({
  id,
  kind: z.enum(NODE_KINDS),
  params: z.record(z.string(), paramValue).default({}),
  position: z.object({ x: z.number(), y: z.number() }),
});

export const graphEdgeSchema = z.object({ id, source: id, target: id });

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
});

export const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'] as const;
export const INITIALIZERS = ['glorot', 'pytorch'] as const;
export type Initializer = (typeof INITIALIZERS)[number];

export const trainingConfigSchema = z.object({
  optimizer: z.enum(OPTIMIZERS),
  learningRate: z.number().positive().max(10),
  /** Used by SGD and RMSprop; Adam ignores it. */
  momentum: z.number().min(0).max(0.9999),
  batchSize: z.number().int().min(1).max(4096),
  epochs: z.number().int().min(1).max(1000),
  /** Share of the training images held out to report validation loss and accuracy. */
  validationSplit: z.number().min(0).max(0.5),
  seed: z.number().int().min(0).max(2 ** 31 - 1).nullable(),
  /**
   * How Conv2D and Dense weights start. 'glorot' (TF.js/Keras, the default) learns much faster
   * early on; 'pytorch' (uniform ±1/√fan_in for weights and biases) reproduces PyTorch runs.
   */
  initializer: z.enum(INITIALIZERS).optional(),
});

export const layoutSchema = z.object({
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
}).passthrough();

/** What training this project with its own settings gave when measured (templates carry it). */
export const measuredSchema = z.object({
  testAcc: z.number().min(0).max(1),
  epochs: z.number().int().min(1),
  epochSeconds: z.number().positive(),
  backend: z.string().max(100),
  machine: z.string().max(200),
});

/**
 * Which images a project trains on. Optional, so files saved before image folders existed load
 * unchanged (and mean CIFAR-10). The image size comes from the Input node; this says how to get there.
 */
export const datasetRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cifar10') }),
  z.object({
    kind: z.literal('folder'),
    /** The folder with one subfolder per class, or with train/ and test/ of that shape. */
    path: z.string().min(1).max(4096),
    /** Aspect mismatch: 'crop' covers the Input size and cuts the centre, 'pad' fits inside with black bars. */
    fit: z.enum(['crop', 'pad']),
    /** 'auto': 1 channel when every image is gray, else 3. */
    channels: z.union([z.literal('auto'), z.literal(1), z.literal(3)]).optional(),
  }),
]);
export type DatasetRef = z.infer<typeof datasetRefSchema>;

export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  graph: graphSchema,
  training: trainingConfigSchema,
  layout: layoutSchema.optional(),
  measured: measuredSchema.optional(),
  dataset: datasetRefSchema.optional(),
});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
export type Project = z.infer<typeof projectSchema>;

/**
 * The reference run (the classic PyTorch CIFAR-10 tutorial's settings, PyTorch's initializer,
 * all 50,000 training images), one option away in the UI and CLI to compare like with like.
 */
export const REFERENCE_TRAINING: TrainingConfig = {
  optimizer: 'sgd', learningRate: 0.001, momentum: 0.9, batchSize: 100, epochs: 10, validationSplit: 0, seed: null, initializer: 'pytorch',
};

/** What new projects start with: the settings that reached good accuracy soonest when measured (see README). */
export const DEFAULT_TRAINING: TrainingConfig = {
  optimizer: 'adam', learningRate: 0.001, momentum: 0.9, batchSize: 32, epochs: 10, validationSplit: 0.1, seed: null,
};
