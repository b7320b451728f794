import type { LayerDefinition } from './definition.js';
import { ok } from './definition.js';

export const flatten: LayerDefinition = {
  kind: 'flatten',
  displayName: 'Flatten',
  category: 'Dense',
  description: 'Unrolls height×width×channels into one vector, as Dense layers need.',
  params: [],
  inputs: { min: 1, max: 1 },
  hasOutput: true,
  inferShape: (inputs) => ok([(inputs[0] ?? []).reduce((a, b) => a * b, 1)]),
  paramCount: () => 0,
  summary: () => '',
};
