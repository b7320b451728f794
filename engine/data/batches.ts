import { IMAGE_BYTES, imageBytes, splitShape, type CifarSplit } from './cifar-layout.js';

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
): Batch {
  const actual = Math.max(0, Math.min(size, indices.length - start));
  const IMAGE_BYTES = imageBytes(splitShape(split));
  const buffers = out ?? createBatchBuffers(actual, IMAGE_BYTES);
  if (buffers.x.length < actual * IMAGE_BYTES || buffers.y.length < actual) {
    throw new RangeError(`batch buffers hold ${buffers.y.length} images, ${actual} requested`);
  }
  const { images, labels } = split;
  const { x, y } = buffers;
  const table = NORMALIZED_BYTE;
  for (let row = 0; row < actual; row++) {
    const index = indices[start + row] as number;
    if (index >= split.count) throw new RangeError(`image index ${index} is outside the split (${split.count} images)`);
    const from = index * IMAGE_BYTES;
    const to = row * IMAGE_BYTES;
    for (let i = 0; i < IMAGE_BYTES; i++) x[to + i] = table[images[from + i] as number] as number;
    y[row] = labels[index] as number;
  }
  const floats = actual * IMAGE_BYTES;
  return {
    x: x.length === floats ? x : x.subarray(0, floats),
    y: y.length === actual ? y : y.subarray(0, actual),
    size: actual,
  };
}
