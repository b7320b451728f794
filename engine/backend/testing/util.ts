// Helpers shared by the backend tests.

/** Deterministic values in [-1, 1), some exact zeros (as after ReLU). */
export function pseudoRandom(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = s / 2 ** 31 - 1;
    out[i] = i % 7 === 3 ? 0 : v;
  }
  return out;
}

/** Output size and leading pad as TF defines them ('same': extra pad pixel at bottom/right). */
export function axis(size: number, k: number, s: number, pad: 'valid' | 'same' | number): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.floor((size - k) / s) + 1, before: 0 };
  if (pad === 'same') {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + k - size, 0);
    return { out, before: Math.floor(total / 2) };
  }
  return { out: Math.floor((size + 2 * pad - k) / s) + 1, before: pad };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
