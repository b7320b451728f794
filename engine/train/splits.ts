import type { CifarSplit } from '../data/index.js';
import { imageBytes, splitShape } from '../data/index.js';

/** The images [start, start+count) of a split, without copying pixels. */
export function sliceSplit(split: CifarSplit, start: number, count: number): CifarSplit {
  const end = Math.min(split.count, start + count);
  const bytes = imageBytes(splitShape(split));
  return {
    images: split.images.subarray(start * bytes, end * bytes),
    labels: split.labels.subarray(start, end),
    count: Math.max(0, end - start),
    ...(split.shape && { shape: split.shape }),
  };
}

/** Training images capped by `limit`, with the last `validationSplit` share held out for validation. */
export function trainValidationSplits(train: CifarSplit, validationSplit: number, limit?: number): { train: CifarSplit; validation: CifarSplit | null } {
  const total = Math.min(train.count, limit ?? train.count);
  const held = Math.floor(total * validationSplit);
  return {
    train: sliceSplit(train, 0, total - held),
    validation: held > 0 ? sliceSplit(train, total - held, held) : null,
  };
}
