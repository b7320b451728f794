import { describe, expect, it } from 'vitest';
import { createBatchBuffers, fillBatch, NORMALIZED_BYTE, shuffledIndices } from './batches.js';
import { IMAGE_BYTES, type CifarSplit } from './cifar-layout.js';
import { createRng } from './rng.js';

function splitOf(count: number): CifarSplit {
  const images = new Uint8Array(count * IMAGE_BYTES);
  for (let i = 0; i < count; i++) images.fill(i * 50, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
  images[IMAGE_BYTES - 1] = 255;
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => 9 - i), count };
}

describe('createRng', () => {
  it('repeats per seed, differs across seeds and stays in [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(createRng(43)()).not.toBe(first[0]);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = first.reduce((s, v) => s + v, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation, fixed per seed', () => {
    const order = shuffledIndices(1000, createRng(7));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, createRng(7))).toEqual(order);
    expect(shuffledIndices(1000, createRng(8))).not.toEqual(order);
    expect(shuffledIndices(0, createRng(1))).toHaveLength(0);
  });
});

describe('fillBatch', () => {
  it('normalizes bytes to (x/255 − 0.5)/0.5', () => {
    expect(NORMALIZED_BYTE[0]).toBe(-1);
    expect(NORMALIZED_BYTE[255]).toBe(1);
    expect(NORMALIZED_BYTE[51]).toBeCloseTo(-0.6, 6);
    const batch = fillBatch(splitOf(2), [0, 1], 0, 2);
    expect(batch.size).toBe(2);
    expect(batch.x[0]).toBe(-1);
    expect(batch.x[IMAGE_BYTES - 1]).toBe(1);
    expect(batch.x[IMAGE_BYTES]).toBeCloseTo((50 / 255 - 0.5) / 0.5, 6);
    expect([...batch.y]).toEqual([9, 8]);
  });

  it('follows the index order and keeps NHWC layout', () => {
    const split = splitOf(4);
    split.images[3 * IMAGE_BYTES + 5] = 255;
    const batch = fillBatch(split, [3, 1], 0, 2);
    expect([...batch.y]).toEqual([6, 8]);
    expect(batch.x[5]).toBe(1);
    expect(batch.x[4]).toBeCloseTo(NORMALIZED_BYTE[150] ?? NaN, 6);
    expect(batch.x[IMAGE_BYTES]).toBeCloseTo(NORMALIZED_BYTE[50] ?? NaN, 6);
  });

  it('reuses the given buffers and shortens the last batch', () => {
    const split = splitOf(5);
    const out = createBatchBuffers(2);
    const order = [4, 3, 2, 1, 0];
    const first = fillBatch(split, order, 0, 2, out);
    expect(first.x).toBe(out.x);
    expect(first.y).toBe(out.y);
    const last = fillBatch(split, order, 4, 2, out);
    expect(last.size).toBe(1);
    expect(last.x.buffer).toBe(out.x.buffer);
    expect(last.x).toHaveLength(IMAGE_BYTES);
    expect([...last.y]).toEqual([9]);
    expect(fillBatch(split, order, 5, 2, out).size).toBe(0);
    expect(() => fillBatch(split, order, 0, 3, out)).toThrow(RangeError);
  });
});
