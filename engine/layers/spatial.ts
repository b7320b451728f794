import type { Shape } from '../graph/types.js';

/** Output length along one axis, with Keras' rules for 'valid' and 'same'. */
export function outputLength(input: number, window: number, stride: number, padding: string): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - window) / stride) + 1;
}

export function windowFits(input: Shape, window: number, padding: string): boolean {
  return padding === 'same' || (window <= (input[0] ?? 0) && window <= (input[1] ?? 0));
}
