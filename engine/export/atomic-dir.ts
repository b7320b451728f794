import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** An export the user can act on: names the path and what to do. */
export class ExportError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/**
 * Writes a folder under a temporary name and renames it into place, so a failure (full disk,
 * no permission, crash) never leaves a half-written export where the user expects a model.
 */
export async function writeDirAtomically(target: string, write: (tempDir: string) => Promise<void>): Promise<void> {
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new ExportError(`${target} already exists and is a file, not a folder.`, 'Choose a new folder name, or move the file away first.');
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new ExportError(`${target} already exists and is not empty.`, 'Choose a new folder name, or delete the old export first.');
  }
  const parent = dirname(target);
  const temp = join(parent, `.${basename(target)}.partial-${process.pid}-${Date.now()}`);
  try {
    await mkdir(temp, { recursive: true });
    await write(temp);
    if (existsSync(target)) await rm(target, { recursive: true });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof ExportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const fix = code === 'ENOSPC' ? 'Free some disk space and export again.'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'Choose a folder you can write to.'
        : 'Check the path and try again.';
    throw new ExportError(`Could not write ${target}: ${(error as Error).message}`, fix);
  }
}
