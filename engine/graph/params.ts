import type { ParamDef } from '../layers/definition.js';
import { isParamValue } from '../layers/definition.js';
import { LAYERS } from '../layers/registry.js';
import type { GraphIssue, GraphNode, Params, ParamValue } from './types.js';

/** Why a value does not fit its definition, or null when it does. */
export function paramProblem(def: ParamDef, value: ParamValue): { code: 'param-type' | 'param-range'; message: string; fix: string } | null {
  switch (def.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { code: 'param-type', message: `${def.label} must be a number, not ${JSON.stringify(value)}.`, fix: `Enter a number from ${def.min} to ${def.max}.` };
      }
      if (def.type === 'int' && !Number.isInteger(value)) {
        return { code: 'param-type', message: `${def.label} must be a whole number, not ${value}.`, fix: `Enter a whole number from ${def.min} to ${def.max}.` };
      }
      if (value < def.min || value > def.max) {
        return { code: 'param-range', message: `${def.label} is ${value}, outside ${def.min}–${def.max}.`, fix: `Enter a value from ${def.min} to ${def.max}.` };
      }
      return null;
    }
    case 'enum':
      return typeof value === 'string' && def.options.includes(value) ? null
        : { code: 'param-type', message: `${def.label} must be one of ${def.options.join(', ')}, not ${JSON.stringify(value)}.`, fix: `Choose ${def.options.map((o) => `'${o}'`).join(' or ')}.` };
    case 'bool':
      return typeof value === 'boolean' ? null
        : { code: 'param-type', message: `${def.label} must be true or false, not ${JSON.stringify(value)}.`, fix: 'Tick or untick the box.' };
  }
}

/**
 * Checks a node's params and returns them filled with defaults; a bad value is reported and
 * replaced by its default so shapes further down can still be shown.
 */
export function checkParams(node: GraphNode, issues: GraphIssue[]): Params {
  const layer = LAYERS[node.kind];
  const resolved: Params = {};
  for (const def of layer.params) {
    const value = node.params[def.name];
    if (value === undefined) {
      resolved[def.name] = def.default;
      continue;
    }
    const bad = isParamValue(value) ? paramProblem(def, value)
      : { code: 'param-type' as const, message: `${def.label} has an unreadable value.`, fix: `Enter a valid ${def.label.toLowerCase()}.` };
    if (bad) {
      issues.push({ nodeId: node.id, code: bad.code, message: `${layer.displayName}: ${bad.message}`, fix: bad.fix });
      resolved[def.name] = def.default;
    } else {
      resolved[def.name] = value as ParamValue;
    }
  }
  for (const name of Object.keys(node.params)) {
    if (!layer.params.some((d) => d.name === name)) {
      const known = layer.params.map((d) => d.name).join(', ') || 'none';
      issues.push({ nodeId: node.id, code: 'unknown-param', message: `${layer.displayName} has no parameter '${name}'.`, fix: `Remove '${name}'. Known parameters: ${known}.` });
    }
  }
  return resolved;
}
