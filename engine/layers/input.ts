import type { Params } from '../graph/types.js';
import { NORMALIZATION_MODES } from '../data/normalization.js';
import type { LayerDefinition } from './definition.js';
import { num, ok, problem, str } from './definition.js';

/** CIFAR-10's images, and what an Input node without size params (every older project) takes. */
export const INPUT_SHAPE = [32, 32, 3] as const;

/** The [height, width, channels] an Input node's params describe. */
export function inputShapeOf(params: Params): [number, number, number] {
  const value = (name: string, fallback: number) => (typeof params[name] === 'number' ? params[name] as number : fallback);
  return [value('height', INPUT_SHAPE[0]), value('width', INPUT_SHAPE[1]), value('channels', INPUT_SHAPE[2])];
}

const NORMALIZE_SUMMARY: Record<string, string> = { symmetric: '−1..1', cifar10: 'CIFAR-10 mean/std', dataset: 'data mean/std' };

export const input: LayerDefinition = {
  kind: 'input',
  displayName: 'Input',
  category: 'Input/Output',
  description: 'A batch of images (height×width×channels), normalized per channel as chosen (exports state how). Importing a dataset sets the size.',
  params: [
    { name: 'height', label: 'Height', type: 'int', default: INPUT_SHAPE[0], min: 1, max: 1024, unit: 'px', help: 'Image height; an image-folder import resizes every image to it.' },
    { name: 'width', label: 'Width', type: 'int', default: INPUT_SHAPE[1], min: 1, max: 1024, unit: 'px', help: 'Image width; an image-folder import resizes every image to it.' },
    { name: 'channels', label: 'Channels', type: 'int', default: INPUT_SHAPE[2], min: 1, max: 3, help: '3 for colour (RGB), 1 for grayscale; set by the dataset.' },
    {
      name: 'normalize', label: 'Normalize', type: 'enum', default: 'symmetric', options: NORMALIZATION_MODES,
      help: "symmetric: (x/255 − 0.5)/0.5, −1..1. cifar10: CIFAR-10's known per-channel mean/std. dataset: mean/std computed from the run's training images. Exports carry the numbers.",
    },
  ],
  inputs: { min: 0, max: 0 },
  hasOutput: true,
  inferShape: (_inputs, params) => {
    const shape = inputShapeOf(params);
    if (shape[2] === 2) return problem('shape-mismatch', 'Input has 2 channels; images have 1 (grayscale) or 3 (colour).', 'Set Channels to 1 or 3.');
    return ok(shape);
  },
  paramCount: () => 0,
  summary: (p) => `${num(p, 'height')}×${num(p, 'width')}×${num(p, 'channels')}, ${NORMALIZE_SUMMARY[str(p, 'normalize')] ?? '−1..1'}`,
};
