export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

/**
 * Ours ÷ theirs for each alternating pair of repeats. Each pair ran back to back, so it saw
 * nearly the same machine; the spread of these ratios is what the noise left of the comparison.
 */
export function pairedRatios(ours: readonly number[], theirs: readonly number[]): number[] {
  if (ours.length !== theirs.length) throw new RangeError(`${ours.length} of our repeats but ${theirs.length} reference repeats: they must alternate in pairs`);
  return ours.map((rate, i) => rate / (theirs[i] as number));
}
