import { createWriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CifarDataError } from './cifar-data-error.js';
import { inspectCifarFolder } from './cifar-folder.js';
import { BATCHES_FOLDER_NAME } from './cifar-layout.js';
import { forEachTarEntry, TarFormatError } from './tar-entries.js';

const REFETCH_FIX =
  'Download cifar-10-binary.tar.gz again (https://www.cs.toronto.edu/~kriz/cifar.html) and import it';

/**
 * Extracts `cifar-10-batches-bin/` from the official `cifar-10-binary.tar.gz` into
 * `destDir`, returning the extracted folder. Files land in a temporary folder first and
 * are renamed into place only once all batch files are present and whole, so a failed or
 * interrupted import never leaves a half-written dataset where the app looks for one.
 */
export async function importCifar10Archive(archivePath: string, destDir: string): Promise<string> {
  const archive = path.resolve(archivePath);
  await checkLooksLikeGzip(archive);
  const target = path.resolve(destDir);
  await mkdir(target, { recursive: true });
  // Not mkdtemp: its 0700 mode would stick to the folder after the rename.
  const staging = path.join(target, `.${BATCHES_FOLDER_NAME}.import-${randomUUID()}`);
  await mkdir(staging);
  try {
    await extractBatchesFolder(archive, staging);
    await checkExtractedFolder(archive, staging);
    const finalDir = path.join(target, BATCHES_FOLDER_NAME);
    await replaceFolder(staging, finalDir);
    return finalDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function checkLooksLikeGzip(archive: string): Promise<void> {
  let handle;
  try {
    handle = await open(archive, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CifarDataError(archive, 'the archive does not exist', 'Choose the downloaded cifar-10-binary.tar.gz');
    }
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
      const fix = 'To use an extracted folder, choose it as the CIFAR-10 folder instead of importing it';
      throw new CifarDataError(archive, 'this is a folder, not an archive', fix);
    }
    throw error;
  }
  try {
    const magic = new Uint8Array(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    // Checked up front because zlib's own words for this ("incorrect header check") help nobody.
    if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) {
      throw new CifarDataError(
        archive,
        'the file is not gzip-compressed, so it is not cifar-10-binary.tar.gz',
        `${REFETCH_FIX}; an extracted ${BATCHES_FOLDER_NAME} folder can be chosen directly instead`,
      );
    }
  } finally {
    await handle.close();
  }
}

/** Returns the file name when the entry sits directly inside cifar-10-batches-bin/, else null. */
function batchesFileName(entryName: string): string | null {
  const parts = entryName.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) return null;
  const folderAt = parts.lastIndexOf(BATCHES_FOLDER_NAME);
  return folderAt !== -1 && folderAt === parts.length - 2 ? (parts[folderAt + 1] as string) : null;
}

async function extractBatchesFolder(archive: string, staging: string): Promise<void> {
  let sawFolder = false;
  try {
    await forEachTarEntry(archive, (entry) => {
      if (entry.name.split('/').includes(BATCHES_FOLDER_NAME)) sawFolder = true;
      const fileName = batchesFileName(entry.name);
      if (entry.kind !== 'file' || fileName === null) return;
      return pipeline(entry.body, createWriteStream(path.join(staging, fileName)));
    });
  } catch (error) {
    throw describeArchiveError(archive, error);
  }
  if (!sawFolder) {
    throw new CifarDataError(
      archive,
      `the archive has no ${BATCHES_FOLDER_NAME} folder inside`,
      `Use the binary version of CIFAR-10, cifar-10-binary.tar.gz (not the Python or MATLAB version)`,
    );
  }
}

function describeArchiveError(archive: string, error: unknown): unknown {
  if (error instanceof TarFormatError) {
    return new CifarDataError(archive, error.message, REFETCH_FIX, { cause: error });
  }
  const code = (error as NodeJS.ErrnoException).code;
  const cause = { cause: error };
  if (code === 'Z_BUF_ERROR') {
    return new CifarDataError(archive, 'the archive is truncated (the compressed data ends early)', REFETCH_FIX, cause);
  }
  if (code === 'Z_DATA_ERROR') {
    const problem = `the compressed data is damaged (${(error as Error).message})`;
    return new CifarDataError(archive, problem, REFETCH_FIX, cause);
  }
  return error;
}

async function checkExtractedFolder(archive: string, staging: string): Promise<void> {
  try {
    await inspectCifarFolder(staging);
  } catch (error) {
    if (!(error instanceof CifarDataError)) throw error;
    // Name the archive, not the temporary folder that is about to disappear.
    const inner = `${BATCHES_FOLDER_NAME}/${path.basename(error.file)}`;
    throw new CifarDataError(archive, `${inner} in the archive: ${error.problem}`, REFETCH_FIX, { cause: error });
  }
}

/** Swaps the new folder in with renames, keeping the old copy until the new one is in place. */
async function replaceFolder(staging: string, finalDir: string): Promise<void> {
  const existing = await stat(finalDir).catch(() => null);
  if (!existing) {
    await rename(staging, finalDir);
    return;
  }
  const old = `${staging}.previous`;
  await rename(finalDir, old);
  try {
    await rename(staging, finalDir);
  } catch (error) {
    await rename(old, finalDir);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
