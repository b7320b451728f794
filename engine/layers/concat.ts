import type { LayerDefinition } from './definition.js';
import { formatShape, ok, problem } from './definition.js';

export const concat: LayerDefinition = {
  kind: 'concat',
  displayName: 'Concat',
  category: 'Merge',
  description: 'Joins tensors along the last axis (channels for images).',
  params: [],
  inputs: { min: 2, max: 8 },
  hasOutput: true,
  inferShape(inputs) {
    const [first] = inputs;
    if (first === undefined) return ok([]);
    const leading = (s: readonly number[]) => formatShape(s.slice(0, -1));
    if (inputs.some((s) => s.length !== first.length || leading(s) !== leading(first))) {
      return problem('shape-mismatch', `Concat needs inputs that differ only in the last axis but receives ${inputs.map(formatShape).join(' and ')}.`,
        'Make the branches agree in height and width (or connect only flat vectors).');
    }
    const joined = inputs.reduce((sum, s) => sum + (s.at(-1) ?? 0), 0);
    return ok([...first.slice(0, -1), joined]);
  },
  paramCount: () => 0,
  summary: () => '',
};
