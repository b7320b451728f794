/**
 * mulberry32: a tiny seeded PRNG. Shuffles, fixtures and weight-free tests need the same
 * numbers on every machine and run, which Math.random cannot give.
 * Returns floats in [0, 1).
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A well-mixed seed for one purpose from a run's seed and some counters (layer, epoch, batch):
 * neighbouring seeds give unrelated streams, so seed 0's second layer never starts from the
 * same numbers as seed 1's first (as seed + index did).
 */
export function derivedSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}
