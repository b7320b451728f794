import type { LayerDefinition } from './definition.js';
import { formatShape, ok, problem } from './definition.js';

export const add: LayerDefinition = {
  kind: 'add',
  displayName: 'Add',
  category: 'Merge',
  description: 'Sums two or more tensors of the same shape: the skip connection of ResNets.',
  params: [],
  inputs: { min: 2, max: 8 },
  hasOutput: true,
  inferShape(inputs) {
    const [first] = inputs;
    if (first === undefined) return ok([]);
    const other = inputs.find((s) => formatShape(s) !== formatShape(first));
    if (other !== undefined) {
      return problem('shape-mismatch', `Add needs inputs of one shape but receives ${inputs.map(formatShape).join(' and ')}.`,
        'Make the branches end in the same shape: match filters, strides and padding, or add a 1×1 Conv2D on the shorter path.');
    }
    return ok(first);
  },
  paramCount: () => 0,
  summary: () => '',
};
