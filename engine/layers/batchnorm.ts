import type { LayerDefinition } from './definition.js';
import { ok } from './definition.js';

export const batchnorm: LayerDefinition = {
  kind: 'batchnorm',
  displayName: 'BatchNorm',
  category: 'Regularization',
  description: 'Normalizes each channel over the batch; speeds up and steadies training.',
  params: [
    { name: 'momentum', label: 'Momentum', type: 'float', default: 0.99, min: 0, max: 0.9999, step: 0.01, help: 'How slowly the running mean and variance follow each batch.' },
    { name: 'epsilon', label: 'Epsilon', type: 'float', default: 0.001, min: 1e-6, max: 0.1, step: 0.0001, help: 'Added to the variance to avoid dividing by zero.' },
  ],
  inputs: { min: 1, max: 1 },
  hasOutput: true,
  inferShape: (inputs) => ok(inputs[0] ?? []),
  // gamma and beta are learned; the moving mean and variance are kept but not trained.
  paramCount: (inputs) => 4 * (inputs[0]?.at(-1) ?? 0),
  summary: () => '',
};
