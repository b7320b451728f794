import { open } from 'node:fs/promises';
import { adviseHugePages } from '../backend/huge-pages.js';
import { CifarDataError } from './cifar-data-error.js';
import { inspectCifarFolder, locateBatchesFolder, readClassNames, type BatchFileInfo } from './cifar-folder.js';
import { IMAGE_BYTES, RECORD_BYTES, type CifarDataset, type CifarSplit } from './cifar-layout.js';
import { decodeCifarRecordsInPlace } from './cifar-records.js';

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
  // Both splits at once: every file's read starts now and runs on libuv's pool while the
  // files before it are decoded (JS); reading then decoding one by one took ~0.3 s longer.
  const [train, test] = await Promise.all([
    readSplit(folder.train, checkLimit('trainLimit', options.trainLimit)),
    readSplit([folder.test], checkLimit('testLimit', options.testLimit)),
  ]);
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
  const plan: { info: BatchFileInfo; records: number; slot: number }[] = [];
  for (let slot = 0, i = 0; slot < count && i < files.length; i++) {
    const info = files[i] as BatchFileInfo;
    const records = Math.min(info.records, count - slot);
    plan.push({ info, records, slot });
    slot += records;
  }
  // One buffer for every file's records, each file right after the one before; the images are
  // decoded into its start (decodeCifarRecordsInPlace), file by file as the reads finish.
  const buffer = new Uint8Array(count * RECORD_BYTES);
  adviseHugePages(buffer);
  const reads = plan.map((p) => readFilePrefix(p.info.file, buffer.subarray(p.slot * RECORD_BYTES, (p.slot + p.records) * RECORD_BYTES)));
  // A failure is thrown where its file's turn comes; the others must not go unhandled.
  for (const read of reads) read.catch(() => undefined);
  const labels = new Uint8Array(count);
  const scratch = new Uint8Array(IMAGE_BYTES);
  for (const [i, p] of plan.entries()) {
    await reads[i];
    decodeCifarRecordsInPlace(buffer, p.slot * RECORD_BYTES, p.records, labels, p.slot, p.info.file, scratch);
  }
  const images = buffer.subarray(0, count * IMAGE_BYTES);
  return { images, labels, count };
}

/** Reads the start of `file` into `bytes` (all of it that fits): a 1,000-image run should not read 180 MB. */
async function readFilePrefix(file: string, bytes: Uint8Array): Promise<void> {
  const length = bytes.length;
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
}
