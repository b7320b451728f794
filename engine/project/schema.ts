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
});

export const layoutSchema = z.object({
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
}).passthrough();

export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  graph: graphSchema,
  training: trainingConfigSchema,
  layout: layoutSchema.optional(),
});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
export type Project = z.infer<typeof projectSchema>;

/** The reference settings of the classic PyTorch CIFAR-10 tutorial, one option away in the UI and CLI. */
export const REFERENCE_TRAINING: TrainingConfig = {
  optimizer: 'sgd', learningRate: 0.001, momentum: 0.9, batchSize: 100, epochs: 10, validationSplit: 0.1, seed: null,
};
