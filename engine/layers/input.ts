import type { LayerDefinition } from './definition.js';
import { ok } from './definition.js';

/** CIFAR-10 images: the only dataset the app trains on, so the input shape is fixed. */
export const INPUT_SHAPE = [32, 32, 3] as const;

export const input: LayerDefinition = {
  kind: 'input',
  displayName: 'Input',
  category: 'Input/Output',
  description: 'A batch of 32×32 RGB CIFAR-10 images, scaled to [-1, 1].',
  params: [],
  inputs: { min: 0, max: 0 },
  hasOutput: true,
  inferShape: () => ok(INPUT_SHAPE),
  paramCount: () => 0,
  summary: () => '32×32×3',
};
