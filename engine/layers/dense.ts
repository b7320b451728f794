import type { LayerDefinition } from './definition.js';
import { formatShape, num, ok, problem } from './definition.js';

export const dense: LayerDefinition = {
  kind: 'dense',
  displayName: 'Dense',
  category: 'Dense',
  description: 'Fully connected (Linear): every input feeds every unit.',
  params: [
    { name: 'units', label: 'Units', type: 'int', default: 10, min: 1, max: 8192, help: 'Number of outputs. The last Dense before Output needs 10.' },
    { name: 'useBias', label: 'Use bias', type: 'bool', default: true, help: 'Adds a learned offset per unit.' },
  ],
  inputs: { min: 1, max: 1 },
  hasOutput: true,
  inferShape(inputs, params) {
    const [shape] = inputs;
    if (shape !== undefined && shape.length !== 1) {
      return problem('needs-flatten', `Dense needs a flat vector but receives a ${formatShape(shape)} tensor.`,
        'Add a Flatten before Dense.');
    }
    return ok([num(params, 'units')]);
  },
  paramCount(inputs, params) {
    const units = num(params, 'units');
    return (inputs[0]?.[0] ?? 0) * units + (params['useBias'] ? units : 0);
  },
  summary: (p) => `${num(p, 'units')} units`,
};
