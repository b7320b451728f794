import { describe, expect, it } from 'vitest';
import type { Augment } from '../project/schema.js';
import { drawTransform, IDENTITY_TRANSFORM, writeTransformed } from './augment.js';
import { createBatchBuffers, fillBatch } from './batches.js';
import { IMAGE_BYTES, type CifarSplit } from './cifar-layout.js';
import { byteTables, channelStats, CIFAR10_NORMALIZATION, SYMMETRIC_NORMALIZATION } from './normalization.js';
import { createRng } from './rng.js';

const settings = (over: Partial<Augment>): Augment => ({ cropPadding: 0, padMode: 'reflect', flip: false, cutout: 0, ...over });
/** Pixel (y, x) channel c holds a byte that encodes where it came from. */
const byteAt = (y: number, x: number, c: number) => (y * 7 + x * 3 + c * 50) % 256;
const image = Uint8Array.from({ length: IMAGE_BYTES }, (_, i) => byteAt(Math.floor(i / 96), Math.floor(i / 3) % 32, i % 3));
const identity = byteTables({ mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255] }); // float = byte
const at = (out: Float32Array, y: number, x: number, c: number) => Math.round(out[(y * 32 + x) * 3 + c] as number);
const split = (n: number): CifarSplit => ({ images: Uint8Array.from({ length: n * IMAGE_BYTES }, (_, i) => (i * 31) % 256), labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n });

describe('augmentation', () => {
  it('shifts, mirrors and blanks exactly as drawn', () => {
    const out = new Float32Array(IMAGE_BYTES);
    writeTransformed(image, 0, out, 0, { ...IDENTITY_TRANSFORM, dx: 2, dy: -1 }, identity, false);
    expect(at(out, 5, 5, 1)).toBe(byteAt(4, 7, 1));
    expect(at(out, 0, 31, 0)).toBe(byteAt(1, 29, 0)); // reflect: row −1 → 1, column 33 → 29
    writeTransformed(image, 0, out, 0, { ...IDENTITY_TRANSFORM, dx: 2, dy: -1 }, identity, true);
    expect(at(out, 0, 10, 2)).toBe(0); // zero padding: black
    expect(at(out, 3, 30, 2)).toBe(0);
    writeTransformed(image, 0, out, 0, { ...IDENTITY_TRANSFORM, flip: true }, identity, false);
    expect(at(out, 8, 0, 0)).toBe(byteAt(8, 31, 0));
    writeTransformed(image, 0, out, 0, { ...IDENTITY_TRANSFORM, cutoutX: 30, cutoutY: 30, cutoutSize: 4 }, identity, false);
    expect([at(out, 31, 31, 0), at(out, 30, 30, 2), at(out, 29, 31, 0)]).toEqual([0, 0, byteAt(29, 31, 0)]);
  });

  it('gives the same batch for the same seed, another for another seed, and within the padding', () => {
    const data = split(8);
    const order = Uint32Array.from({ length: 8 }, (_, i) => i);
    const aug = settings({ cropPadding: 4, flip: true, cutout: 8 });
    const batch = (seed: number) => Float32Array.from(fillBatch(data, order, 0, 8, createBatchBuffers(8), { augment: { settings: aug, rng: createRng(seed) } }).x);
    expect(batch(3)).toEqual(batch(3));
    expect(batch(3)).not.toEqual(batch(4));
    const rng = createRng(9);
    for (let i = 0; i < 500; i++) {
      const t = drawTransform(aug, rng);
      expect(Math.abs(t.dx)).toBeLessThanOrEqual(4);
      expect(Math.abs(t.dy)).toBeLessThanOrEqual(4);
    }
  });

  it('is the identity when off: evaluation batches and an all-off setting equal plain batches', () => {
    const data = split(4);
    const order = [2, 0, 3, 1];
    const plain = Float32Array.from(fillBatch(data, order, 0, 4).x);
    expect(Float32Array.from(fillBatch(data, order, 0, 4, undefined, { augment: { settings: settings({}), rng: createRng(1) } }).x)).toEqual(plain);
    expect(Float32Array.from(fillBatch(data, order, 0, 4, undefined, { tables: byteTables(SYMMETRIC_NORMALIZATION) }).x)).toEqual(plain);
  });
});

describe('normalization', () => {
  it('maps each channel by its own mean and std', () => {
    const tables = byteTables(CIFAR10_NORMALIZATION);
    expect(tables[255]).toBeCloseTo((1 - 0.4914) / 0.247, 5);
    expect(tables[256]).toBeCloseTo(-0.4822 / 0.2435, 5);
    expect(tables[512 + 128]).toBeCloseTo((128 / 255 - 0.4465) / 0.2616, 5);
  });

  it('computes a split’s per-channel mean and std', () => {
    const images = new Uint8Array(2 * IMAGE_BYTES);
    for (let i = 0; i < images.length; i += 3) { images[i] = 255; images[i + 1] = i < IMAGE_BYTES ? 0 : 255; images[i + 2] = 51; }
    const stats = channelStats({ images, labels: new Uint8Array(2), count: 2 });
    expect(stats.mean[0]).toBeCloseTo(1, 6);
    expect(stats.std[0]).toBeCloseTo(0, 4);
    expect(stats.mean[1]).toBeCloseTo(0.5, 6);
    expect(stats.std[1]).toBeCloseTo(0.5, 6);
    expect(stats.mean[2]).toBeCloseTo(0.2, 6);
  });
});
