import type { Params } from '../graph/types.js';
import type { LayerDefinition } from './definition.js';
import { formatShape, num, ok, problem } from './definition.js';

/** CIFAR-10's class count, and what an Output node without a Classes param (older projects) expects. */
export const NUM_CLASSES = 10;

export function classCountOf(params: Params): number {
  return typeof params['classes'] === 'number' ? params['classes'] : NUM_CLASSES;
}

/** The end of the graph: takes the class scores (logits) the loss is applied to. */
export const output: LayerDefinition = {
  kind: 'output',
  displayName: 'Output',
  category: 'Input/Output',
  description: 'One score (logit) per class. Cross-entropy loss is applied here. Importing a dataset sets the class count.',
  params: [
    { name: 'classes', label: 'Classes', type: 'int', default: NUM_CLASSES, min: 2, max: 10000, help: 'How many classes the dataset has; the layer before Output must give this many units.' },
  ],
  inputs: { min: 1, max: 1 },
  hasOutput: false,
  inferShape(inputs, params) {
    const [shape] = inputs;
    const classes = classCountOf(params);
    if (shape === undefined) return ok([classes]);
    if (shape.length !== 1) {
      return problem('needs-flatten', `Output needs ${classes} class scores but receives a ${formatShape(shape)} tensor.`,
        `Add a Flatten and a Dense with ${classes} units before Output.`);
    }
    return ok(shape);
  },
  paramCount: () => 0,
  summary: (p) => `${num(p, 'classes')} classes`,
};
