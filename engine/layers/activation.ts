import type { NodeKind } from '../graph/types.js';
import type { LayerDefinition, ParamDef } from './definition.js';
import { ok } from './definition.js';

/** Element-wise layers: the shape passes through and nothing is learned. */
export function defineActivation(
  kind: NodeKind, displayName: string, description: string,
  params: readonly ParamDef[] = [], summary: LayerDefinition['summary'] = () => '',
): LayerDefinition {
  return {
    kind,
    displayName,
    category: 'Activation',
    description,
    params,
    inputs: { min: 1, max: 1 },
    hasOutput: true,
    inferShape: (inputs) => ok(inputs[0] ?? []),
    paramCount: () => 0,
    summary,
  };
}
