import { NORMALIZATION_MODES } from '../data/normalization.js';
import type { LayerDefinition } from './definition.js';
import { ok, str } from './definition.js';

/** CIFAR-10 images: the only dataset the app trains on, so the input shape is fixed. */
export const INPUT_SHAPE = [32, 32, 3] as const;

const SUMMARY: Record<string, string> = { symmetric: '32×32×3, −1..1', cifar10: '32×32×3, CIFAR-10 mean/std', dataset: '32×32×3, data mean/std' };

export const input: LayerDefinition = {
  kind: 'input',
  displayName: 'Input',
  category: 'Input/Output',
  description: 'A batch of 32×32 RGB CIFAR-10 images, normalized per channel as chosen (exports state how).',
  params: [
    {
      name: 'normalize', label: 'Normalize', type: 'enum', default: 'symmetric', options: NORMALIZATION_MODES,
      help: "symmetric: (x/255 − 0.5)/0.5, −1..1. cifar10: CIFAR-10's known per-channel mean/std. dataset: mean/std computed from the run's training images. Exports carry the numbers.",
    },
  ],
  inputs: { min: 0, max: 0 },
  hasOutput: true,
  inferShape: () => ok(INPUT_SHAPE),
  paramCount: () => 0,
  summary: (p) => SUMMARY[str(p, 'normalize')] ?? '32×32×3',
};
