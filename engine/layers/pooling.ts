import type { NodeKind } from '../graph/types.js';
import type { LayerDefinition } from './definition.js';
import { formatShape, num, ok, problem, requireSpatial, str } from './definition.js';
import { outputLength, windowFits } from './spatial.js';

/** Max and average pooling share params and shape rule; only the reduction differs. */
export function definePooling(kind: NodeKind, displayName: string, description: string): LayerDefinition {
  return {
    kind,
    displayName,
    category: 'Pooling',
    description,
    params: [
      { name: 'poolSize', label: 'Pool size', type: 'int', default: 2, min: 1, max: 8, unit: 'px', help: 'Height and width of each pooling window.' },
      { name: 'strides', label: 'Stride', type: 'int', default: 2, min: 1, max: 8, unit: 'px', help: 'Step between windows; equal to the pool size for non-overlapping windows.' },
      { name: 'padding', label: 'Padding', type: 'enum', default: 'valid', options: ['valid', 'same'], help: "'valid' drops edge pixels that do not fill a window." },
    ],
    inputs: { min: 1, max: 1 },
    hasOutput: true,
    inferShape(inputs, params) {
      const [shape] = inputs;
      const notSpatial = requireSpatial(displayName, shape);
      if (notSpatial || shape === undefined) return notSpatial ?? ok([]);
      const size = num(params, 'poolSize');
      const s = num(params, 'strides');
      const padding = str(params, 'padding');
      if (!windowFits(shape, size, padding)) {
        return problem('pool-too-large', `Pool ${size}×${size} is larger than its ${formatShape(shape)} input.`,
          `Use a pool size of at most ${Math.min(shape[0] ?? 1, shape[1] ?? 1)}, or remove a layer above that shrinks the image.`);
      }
      return ok([outputLength(shape[0] ?? 0, size, s, padding), outputLength(shape[1] ?? 0, size, s, padding), shape[2] ?? 0]);
    },
    paramCount: () => 0,
    summary: (p) => `${num(p, 'poolSize')}×${num(p, 'poolSize')} /${num(p, 'strides')}`,
  };
}
