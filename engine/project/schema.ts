import { z } from 'zod';
import { NODE_KINDS } from '../graph/types.js';

export const PROJECT_FORMAT = 'layerloom';
/** 2: the training block gained schedules, weight decay, label smoothing, augmentation, early stopping. */
export const PROJECT_VERSION = 2;

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

export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export const INITIALIZERS = ['glorot', 'pytorch'] as const;
export type Initializer = (typeof INITIALIZERS)[number];

export const SCHEDULES = ['constant', 'step', 'cosine', 'onecycle'] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];
export const PAD_MODES = ['reflect', 'zero'] as const;
export const MONITORS = ['val_loss', 'val_acc'] as const;
export type Monitor = (typeof MONITORS)[number];

/**
 * How the learning rate moves over a run. `learningRate` is the peak; every kind starts with
 * `warmupEpochs` of linear rise to it (one-cycle's rise is its own first 30% when 0).
 */
export const scheduleSchema = z.object({
  kind: z.enum(SCHEDULES).default('constant'),
  warmupEpochs: z.number().min(0).max(100).default(0),
  /** step: multiply by `stepFactor` every `stepEpochs` epochs. */
  stepEpochs: z.number().int().min(1).max(1000).default(10),
  stepFactor: z.number().positive().max(1).default(0.1),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/**
 * Random changes to each training image, drawn per image from the run's seed; evaluation and
 * exports never see them. Applied while the byte images become a float batch.
 */
export const augmentSchema = z.object({
  /** Random crop after padding each side by this many pixels (0: off). */
  cropPadding: z.number().int().min(0).max(8).default(0),
  padMode: z.enum(PAD_MODES).default('reflect'),
  flip: z.boolean().default(false),
  /** Side of a square blanked at a random place (0: off). */
  cutout: z.number().int().min(0).max(24).default(0),
});
export type Augment = z.infer<typeof augmentSchema>;

export const earlyStoppingSchema = z.object({
  monitor: z.enum(MONITORS).default('val_loss'),
  /** Epochs without improvement before the run ends. */
  patience: z.number().int().min(1).max(1000).default(5),
});

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
  /** SGD only: Nesterov momentum (PyTorch's form). */
  nesterov: z.boolean().default(false),
  /** L2 on the gradient for SGD, Adam and RMSprop; decoupled (AdamW) for adamw. */
  weightDecay: z.number().min(0).max(1).default(0),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  schedule: scheduleSchema.default(() => scheduleSchema.parse({})),
  augment: augmentSchema.default(() => augmentSchema.parse({})),
  /** Ends the run when the monitored validation figure stops improving; null: never. */
  earlyStopping: earlyStoppingSchema.nullable().default(null),
  /** At the end, go back to the epoch with the best validation figure (needs a validation hold-out). */
  restoreBest: z.boolean().default(false),
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
/** A training block as written by hand or by an older version: the newer fields may be missing. */
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;
export type Project = z.infer<typeof projectSchema>;

/**
 * The reference run (the classic PyTorch CIFAR-10 tutorial's settings, PyTorch's initializer,
 * all 50,000 training images), one option away in the UI and CLI to compare like with like.
 */
/** The values of the fields added in version 2 that keep a run as it was before them. */
export const TRAINING_EXTRAS_OFF = {
  nesterov: false, weightDecay: 0, labelSmoothing: 0,
  schedule: { kind: 'constant', warmupEpochs: 0, stepEpochs: 10, stepFactor: 0.1 },
  augment: { cropPadding: 0, padMode: 'reflect', flip: false, cutout: 0 },
  earlyStopping: null, restoreBest: false,
} as const satisfies Partial<TrainingConfig>;

export const REFERENCE_TRAINING: TrainingConfig = {
  ...TRAINING_EXTRAS_OFF, schedule: { ...TRAINING_EXTRAS_OFF.schedule }, augment: { ...TRAINING_EXTRAS_OFF.augment },
  optimizer: 'sgd', learningRate: 0.001, momentum: 0.9, batchSize: 100, epochs: 10, validationSplit: 0, seed: null, initializer: 'pytorch',
};

/** What new projects start with: the settings that reached good accuracy soonest when measured (see README). */
export const DEFAULT_TRAINING: TrainingConfig = {
  ...TRAINING_EXTRAS_OFF, schedule: { ...TRAINING_EXTRAS_OFF.schedule }, augment: { ...TRAINING_EXTRAS_OFF.augment },
  optimizer: 'adam', learningRate: 0.001, momentum: 0.9, batchSize: 32, epochs: 10, validationSplit: 0.1, seed: null,
};
