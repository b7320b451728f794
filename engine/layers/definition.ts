import type { NodeKind, Params, ParamValue, Shape } from '../graph/types.js';

interface ParamBase {
  name: string;
  label: string;
  help: string;
}
export interface IntParam extends ParamBase { type: 'int'; default: number; min: number; max: number; unit?: string }
export interface FloatParam extends ParamBase { type: 'float'; default: number; min: number; max: number; step: number }
export interface EnumParam extends ParamBase { type: 'enum'; default: string; options: readonly string[] }
export interface BoolParam extends ParamBase { type: 'bool'; default: boolean }
export type ParamDef = IntParam | FloatParam | EnumParam | BoolParam;

export const CATEGORIES = [
  'Input/Output', 'Convolution', 'Pooling', 'Dense', 'Activation', 'Regularization', 'Merge',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a shape rule says about a problem; the validator adds the node id. */
export interface ShapeProblem {
  code: 'needs-flatten' | 'needs-spatial' | 'kernel-too-large' | 'pool-too-large' | 'shape-mismatch';
  message: string;
  fix: string;
}
export type ShapeResult = { ok: true; shape: Shape } | { ok: false; problem: ShapeProblem };

/**
 * Everything the app knows about one layer kind, free of TF.js so the canvas can use it live.
 * The TF.js builder for each kind lives in engine/compile.
 */
export interface LayerDefinition {
  kind: NodeKind;
  displayName: string;
  category: Category;
  description: string;
  params: readonly ParamDef[];
  /** How many incoming edges the node accepts. */
  inputs: { min: number; max: number };
  /** False only for the output node, which ends the graph. */
  hasOutput: boolean;
  /** Called with params already checked and filled with defaults. */
  inferShape(inputs: readonly Shape[], params: Params): ShapeResult;
  /** All weights the layer owns (trainable and not), as TF.js countParams() counts them. */
  paramCount(inputs: readonly Shape[], params: Params): number;
  /** The key params in a few characters for the node face, e.g. "6 @ 5×5". */
  summary(params: Params): string;
}

export function formatShape(shape: Shape): string {
  return shape.join('×');
}

export function ok(shape: Shape): ShapeResult {
  return { ok: true, shape };
}

export function problem(code: ShapeProblem['code'], message: string, fix: string): ShapeResult {
  return { ok: false, problem: { code, message, fix } };
}

export function num(params: Params, name: string): number {
  return params[name] as number;
}

export function str(params: Params, name: string): string {
  return params[name] as string;
}

/** Spatial layers need a height×width×channels tensor; a flat one means a Flatten came too early. */
export function requireSpatial(displayName: string, input: Shape | undefined): ShapeResult | null {
  if (input === undefined) return null;
  if (input.length !== 3) {
    return problem('needs-spatial', `${displayName} needs an image-shaped input (height×width×channels) but receives ${formatShape(input)}.`,
      `Connect ${displayName} before the Flatten, or remove the Flatten above it.`);
  }
  return null;
}

export function isParamValue(value: unknown): value is ParamValue {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}
