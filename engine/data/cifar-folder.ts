import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { CifarDataError } from './cifar-data-error.js';
import {
  BATCHES_FOLDER_NAME,
  CIFAR10_CLASS_NAMES,
  CLASS_COUNT,
  CLASS_NAMES_FILE,
  RECORD_BYTES,
  TEST_BATCH_FILE,
  TRAIN_BATCH_FILES,
} from './cifar-layout.js';

export interface BatchFileInfo {
  file: string;
  records: number;
}

export interface CifarFolderInfo {
  /** The cifar-10-batches-bin folder itself. */
  dir: string;
  train: BatchFileInfo[];
  test: BatchFileInfo;
}

const REQUIRED_FILES = [...TRAIN_BATCH_FILES, TEST_BATCH_FILE];
const REFETCH_FIX = 'Import or download CIFAR-10 again (the binary version, cifar-10-binary.tar.gz)';

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Users point at either the batches folder or the folder they extracted the archive
 * into; both are accepted so neither choice is an error.
 */
export async function locateBatchesFolder(dir: string): Promise<string> {
  const resolved = path.resolve(dir);
  const info = await statOrNull(resolved);
  if (!info) {
    throw new CifarDataError(
      resolved,
      'the CIFAR-10 folder does not exist',
      `Choose the ${BATCHES_FOLDER_NAME} folder in the data setting (or set LAYERLOOM_CIFAR10_DIR), or import/download CIFAR-10`,
    );
  }
  if (!info.isDirectory()) {
    throw new CifarDataError(
      resolved,
      'this is a file, not a CIFAR-10 folder',
      `Choose the ${BATCHES_FOLDER_NAME} folder; to use a .tar.gz archive, import it instead`,
    );
  }
  const nested = path.join(resolved, BATCHES_FOLDER_NAME);
  return (await statOrNull(nested))?.isDirectory() ? nested : resolved;
}

/** Checks every batch file exists and holds whole records, before any large read. */
export async function inspectCifarFolder(batchesDir: string): Promise<CifarFolderInfo> {
  const infos: BatchFileInfo[] = [];
  for (const name of REQUIRED_FILES) {
    const file = path.join(batchesDir, name);
    const info = await statOrNull(file);
    if (!info || !info.isFile()) {
      throw new CifarDataError(
        file,
        `${name} is missing from the CIFAR-10 folder`,
        `A CIFAR-10 folder needs ${REQUIRED_FILES.join(', ')}. ${REFETCH_FIX}`,
      );
    }
    infos.push({ file, records: recordCountOf(file, info.size) });
  }
  const test = infos.pop() as BatchFileInfo;
  return { dir: batchesDir, train: infos, test };
}

function recordCountOf(file: string, size: number): number {
  if (size === 0) {
    throw new CifarDataError(file, 'the file is empty (0 bytes)', REFETCH_FIX);
  }
  if (size % RECORD_BYTES !== 0) {
    const records = Math.ceil(size / RECORD_BYTES);
    throw new CifarDataError(
      file,
      `the file is truncated or not a CIFAR-10 batch: expected a whole number of ${RECORD_BYTES}-byte records ` +
        `(${records * RECORD_BYTES} bytes for ${records} records) but found ${size} bytes`,
      REFETCH_FIX,
    );
  }
  return size / RECORD_BYTES;
}

/** The class names file is optional (older copies lack it); labels still need 10 names. */
export async function readClassNames(batchesDir: string): Promise<string[]> {
  const file = path.join(batchesDir, CLASS_NAMES_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [...CIFAR10_CLASS_NAMES];
    throw error;
  }
  const names = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  if (names.length !== CLASS_COUNT) {
    throw new CifarDataError(
      file,
      `expected ${CLASS_COUNT} class names, one per line, but found ${names.length}`,
      `Fix or delete ${CLASS_NAMES_FILE} (without it the standard CIFAR-10 names are used)`,
    );
  }
  return names;
}
