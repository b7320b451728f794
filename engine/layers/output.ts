import type { LayerDefinition } from './definition.js';
import { formatShape, ok, problem } from './definition.js';

export const NUM_CLASSES = 10;

/** The end of the graph: takes the class scores (logits) the loss is applied to. */
export const output: LayerDefinition = {
  kind: 'output',
  displayName: 'Output',
  category: 'Input/Output',
  description: 'The 10 class scores (logits). Cross-entropy loss is applied here.',
  params: [],
  inputs: { min: 1, max: 1 },
  hasOutput: false,
  inferShape(inputs) {
    const [shape] = inputs;
    if (shape === undefined) return ok([NUM_CLASSES]);
    if (shape.length !== 1) {
      return problem('needs-flatten', `Output needs ${NUM_CLASSES} class scores but receives a ${formatShape(shape)} tensor.`,
        `Add a Flatten and a Dense with ${NUM_CLASSES} units before Output.`);
    }
    return ok(shape);
  },
  paramCount: () => 0,
  summary: () => `${NUM_CLASSES} classes`,
};
