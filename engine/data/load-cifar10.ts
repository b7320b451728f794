import { open } from 'node:fs/promises';
import { CifarDataError } from './cifar-data-error.js';
import { inspectCifarFolder, locateBatchesFolder, readClassNames, type BatchFileInfo } from './cifar-folder.js';
import { IMAGE_BYTES, RECORD_BYTES, type CifarDataset, type CifarSplit } from './cifar-layout.js';
import { decodeCifarRecords } from './cifar-records.js';

export interface LoadCifar10Options {
  /** Keep only the first N training images, in file order (the official batches are already shuffled). */
  trainLimit?: number;
  /** Keep only the first N test images. */
  testLimit?: number;
}

/**
 * Loads a `cifar-10-batches-bin` folder (or a folder that contains one). All six batch
 * files must be present and whole even when a limit means only some are read, so a
 * broken copy is reported the first time, not when a later run asks for more data.
 */
export async function loadCifar10(dir: string, options: LoadCifar10Options = {}): Promise<CifarDataset> {
  const batchesDir = await locateBatchesFolder(dir);
  const folder = await inspectCifarFolder(batchesDir);
  const classNames = await readClassNames(batchesDir);
  const train = await readSplit(folder.train, checkLimit('trainLimit', options.trainLimit));
  const test = await readSplit([folder.test], checkLimit('testLimit', options.testLimit));
  return { train, test, classNames, source: batchesDir };
}

function checkLimit(name: string, limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${limit}`);
  }
  return limit;
}

async function readSplit(files: BatchFileInfo[], limit: number): Promise<CifarSplit> {
  const available = files.reduce((sum, info) => sum + info.records, 0);
  const count = Math.min(available, limit);
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  let filled = 0;
  for (const info of files) {
    if (filled === count) break;
    const records = Math.min(info.records, count - filled);
    const bytes = await readFilePrefix(info.file, records * RECORD_BYTES);
    decodeCifarRecords(bytes, records, images, labels, filled, info.file);
    filled += records;
  }
  return { images, labels, count };
}

/** Reads only what a limit needs: a 1,000-image run should not read 180 MB. */
async function readFilePrefix(file: string, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const handle = await open(file, 'r');
  try {
    let offset = 0;
    while (offset < length) {
      const { bytesRead } = await handle.read(bytes, offset, length - offset, offset);
      if (bytesRead === 0) {
        // The size was checked moments ago; the file shrank while we read it.
        throw new CifarDataError(
          file,
          `the file ended after ${offset} bytes while ${length} were expected`,
          'Something changed the file while it was being read; load it again',
        );
      }
      offset += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return bytes;
}
