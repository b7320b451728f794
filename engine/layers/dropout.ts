import type { LayerDefinition } from './definition.js';
import { num, ok } from './definition.js';

export const dropout: LayerDefinition = {
  kind: 'dropout',
  displayName: 'Dropout',
  category: 'Regularization',
  description: 'While training, zeroes a random share of values to reduce overfitting.',
  params: [
    { name: 'rate', label: 'Rate', type: 'float', default: 0.5, min: 0, max: 0.95, step: 0.05, help: 'Share of values dropped in each training batch.' },
  ],
  inputs: { min: 1, max: 1 },
  hasOutput: true,
  inferShape: (inputs) => ok(inputs[0] ?? []),
  paramCount: () => 0,
  summary: (p) => `${Math.round(num(p, 'rate') * 100)}%`,
};
