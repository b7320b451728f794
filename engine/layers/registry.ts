import type { NodeKind, Params } from '../graph/types.js';
import type { LayerDefinition } from './definition.js';
import { activationLayers } from './activations.js';
import { add } from './add.js';
import { avgpool2d } from './avgpool2d.js';
import { batchnorm } from './batchnorm.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { input } from './input.js';
import { maxpool2d } from './maxpool2d.js';
import { output } from './output.js';

export const LAYERS: Readonly<Record<NodeKind, LayerDefinition>> = {
  input, output, conv2d, maxpool2d, avgpool2d, dense, flatten, dropout, batchnorm, add, concat,
  ...activationLayers,
};

export function layerDefinition(kind: NodeKind): LayerDefinition {
  return LAYERS[kind];
}

/** A node's params with every missing one filled from its definition's default. */
export function withDefaults(kind: NodeKind, params: Params = {}): Params {
  const filled: Params = {};
  for (const def of LAYERS[kind].params) filled[def.name] = params[def.name] ?? def.default;
  return filled;
}
