import type { Augment } from '../project/schema.js';
import { augmentIsOff, drawTransform, writeTransformed } from './augment.js';
import { IMAGE_BYTES, imageBytes, splitShape, type CifarSplit } from './cifar-layout.js';
import { byteTables, SYMMETRIC_NORMALIZATION } from './normalization.js';

/** Fisher–Yates over 0..count-1; the rng decides, so a seed reproduces an epoch's order. */
export function shuffledIndices(count: number, rng: () => number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const swap = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = swap;
  }
  return indices;
}

/**
 * (x/255 − 0.5)/0.5 for every byte value, so a batch is a table lookup per byte rather
 * than a division; it maps 0 → −1 and 255 → 1, the scaling of the reference tutorial.
 */
export const NORMALIZED_BYTE: Float32Array = (() => {
  const table = new Float32Array(256);
  for (let value = 0; value < 256; value++) table[value] = (value / 255 - 0.5) / 0.5;
  return table;
})();

const SYMMETRIC_TABLES = byteTables(SYMMETRIC_NORMALIZATION);

/** How a batch is made: per-channel lookup tables (byteTables) and, for training only, augmentation. */
export interface BatchOptions {
  /** byteTables(normalization); the symmetric −1..1 scaling when absent. */
  tables?: Float32Array;
  /** Random transforms drawn per image from `rng`, in batch order. */
  augment?: { settings: Augment; rng: () => number };
}

export interface BatchBuffers {
  /** batchSize × height × width × channels floats, NHWC. */
  x: Float32Array;
  /** One class index per image. */
  y: Int32Array;
}

export interface Batch extends BatchBuffers {
  /** Images in this batch; the last batch of an epoch may be short. */
  size: number;
}

/** Buffers for `batchSize` images of `bytesPerImage` values each (CIFAR-10's 3,072 unless given). */
export function createBatchBuffers(batchSize: number, bytesPerImage = IMAGE_BYTES): BatchBuffers {
  return { x: new Float32Array(batchSize * bytesPerImage), y: new Int32Array(batchSize) };
}

/**
 * Writes images indices[start .. start+size) of the split as normalized NHWC floats.
 * With `out`, no memory is allocated for the data: training reuses one pair of buffers
 * for a whole run. The returned x and y hold exactly `size` images (views of `out` when
 * the batch is short).
 */
export function fillBatch(
  split: CifarSplit,
  indices: ArrayLike<number>,
  start: number,
  size: number,
  out?: BatchBuffers,
  options: BatchOptions = {},
): Batch {
  const actual = Math.max(0, Math.min(size, indices.length - start));
  const shape = splitShape(split);
  const IMAGE_BYTES = imageBytes(shape);
  const { channels } = shape;
  const buffers = out ?? createBatchBuffers(actual, IMAGE_BYTES);
  if (buffers.x.length < actual * IMAGE_BYTES || buffers.y.length < actual) {
    throw new RangeError(`batch buffers hold ${buffers.y.length} images, ${actual} requested`);
  }
  const { images, labels } = split;
  const { x, y } = buffers;
  const tables = options.tables ?? SYMMETRIC_TABLES;
  const augment = options.augment && !augmentIsOff(options.augment.settings) ? options.augment : undefined;
  for (let row = 0; row < actual; row++) {
    const index = indices[start + row] as number;
    if (index >= split.count) throw new RangeError(`image index ${index} is outside the split (${split.count} images)`);
    const from = index * IMAGE_BYTES;
    const to = row * IMAGE_BYTES;
    if (augment) {
      writeTransformed(images, from, x, to, drawTransform(augment.settings, augment.rng, shape), tables, augment.settings.padMode === 'zero', shape);
    } else if (channels !== 3) {
      for (let i = 0; i < IMAGE_BYTES; i++) x[to + i] = tables[(i % channels) * 256 + (images[from + i] as number)] as number;
    } else {
      for (let i = 0; i < IMAGE_BYTES; i += 3) {
        x[to + i] = tables[images[from + i] as number] as number;
        x[to + i + 1] = tables[256 + (images[from + i + 1] as number)] as number;
        x[to + i + 2] = tables[512 + (images[from + i + 2] as number)] as number;
      }
    }
    y[row] = labels[index] as number;
  }
  const floats = actual * IMAGE_BYTES;
  return {
    x: x.length === floats ? x : x.subarray(0, floats),
    y: y.length === actual ? y : y.subarray(0, actual),
    size: actual,
  };
}
