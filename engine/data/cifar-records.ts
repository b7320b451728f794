import { CifarDataError } from './cifar-data-error.js';
import { CLASS_COUNT, IMAGE_BYTES, IMAGE_CHANNELS, PIXELS_PER_IMAGE, RECORD_BYTES } from './cifar-layout.js';

const CORRUPT_FIX = 'The file is corrupt: import or download CIFAR-10 again';

/**
 * Decodes whole records from a batch file into `images` (HWC) and `labels` at `firstSlot`.
 * The planar → interleaved transpose happens once here so every training batch is a
 * straight copy.
 */
export function decodeCifarRecords(
  records: Uint8Array,
  recordCount: number,
  images: Uint8Array,
  labels: Uint8Array,
  firstSlot: number,
  file: string,
): void {
  for (let record = 0; record < recordCount; record++) {
    const base = record * RECORD_BYTES;
    const label = records[base] as number;
    if (label >= CLASS_COUNT) {
      throw new CifarDataError(
        file,
        `record ${record} has label byte ${label}, but labels must be 0–${CLASS_COUNT - 1}`,
        CORRUPT_FIX,
      );
    }
    const slot = firstSlot + record;
    labels[slot] = label;
    const out = slot * IMAGE_BYTES;
    const planes = base + 1;
    for (let pixel = 0; pixel < PIXELS_PER_IMAGE; pixel++) {
      const to = out + pixel * IMAGE_CHANNELS;
      images[to] = records[planes + pixel] as number;
      images[to + 1] = records[planes + PIXELS_PER_IMAGE + pixel] as number;
      images[to + 2] = records[planes + 2 * PIXELS_PER_IMAGE + pixel] as number;
    }
  }
}

/** The inverse of decodeCifarRecords: HWC images + labels → batch file bytes. */
export function encodeCifarRecords(images: Uint8Array, labels: Uint8Array): Uint8Array {
  const count = labels.length;
  if (images.length !== count * IMAGE_BYTES) {
    throw new RangeError(`expected ${count * IMAGE_BYTES} image bytes for ${count} labels, got ${images.length}`);
  }
  const records = new Uint8Array(count * RECORD_BYTES);
  for (let slot = 0; slot < count; slot++) {
    const base = slot * RECORD_BYTES;
    records[base] = labels[slot] as number;
    const from = slot * IMAGE_BYTES;
    for (let pixel = 0; pixel < PIXELS_PER_IMAGE; pixel++) {
      const at = from + pixel * IMAGE_CHANNELS;
      records[base + 1 + pixel] = images[at] as number;
      records[base + 1 + PIXELS_PER_IMAGE + pixel] = images[at + 1] as number;
      records[base + 1 + 2 * PIXELS_PER_IMAGE + pixel] = images[at + 2] as number;
    }
  }
  return records;
}
