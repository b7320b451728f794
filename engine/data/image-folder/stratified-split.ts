import { createRng } from '../rng.js';
import { shuffledIndices } from '../batches.js';

/**
 * Image indices shuffled within each class (seeded), then interleaved by how far through its
 * class each image is. Any tail of this order holds about the same share of every class, so the
 * session's "last N% for validation" hold-out is stratified whatever N the user picks.
 */
export function stratifiedOrder(labels: ArrayLike<number>, classCount: number, seed: number): number[] {
  const rng = createRng(seed);
  const byClass = groupByClass(labels, classCount);
  const keyed: { index: number; key: number }[] = [];
  for (const members of byClass) {
    const order = shuffledIndices(members.length, rng);
    for (let rank = 0; rank < members.length; rank++) {
      keyed.push({ index: members[order[rank] as number] as number, key: (rank + 0.5) / members.length });
    }
  }
  return keyed.sort((a, b) => a.key - b.key || a.index - b.index).map((k) => k.index);
}

/** Holds out `share` of every class (at least one image of a class with two or more) for testing. */
export function stratifiedHoldOut(labels: ArrayLike<number>, classCount: number, share: number, seed: number): { train: number[]; test: number[] } {
  const rng = createRng(seed ^ 0x5bd1e995);
  const train: number[] = [];
  const test: number[] = [];
  for (const members of groupByClass(labels, classCount)) {
    const order = shuffledIndices(members.length, rng);
    const held = members.length < 2 ? 0 : Math.max(1, Math.round(members.length * share));
    for (let rank = 0; rank < members.length; rank++) {
      (rank < held ? test : train).push(members[order[rank] as number] as number);
    }
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

function groupByClass(labels: ArrayLike<number>, classCount: number): number[][] {
  const byClass = Array.from({ length: classCount }, () => [] as number[]);
  for (let i = 0; i < labels.length; i++) byClass[labels[i] as number]?.push(i);
  return byClass;
}
