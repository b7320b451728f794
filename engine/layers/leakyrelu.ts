import { defineActivation } from './activation.js';
import { num } from './definition.js';

export const leakyrelu = defineActivation('leakyrelu', 'LeakyReLU', 'Like ReLU, but lets a small slope through for negative inputs.',
  [{ name: 'alpha', label: 'Negative slope', type: 'float', default: 0.3, min: 0, max: 1, step: 0.01, help: 'Slope for x < 0.' }],
  (p) => `α ${num(p, 'alpha')}`);
