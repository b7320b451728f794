import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { channels } from './ipc-channels.js';
import { UNKNOWN_SENDER, type IpcMainLike } from './ipc-main.js';
import type { IpcSenderEvent } from './trusted-senders.js';

/** Generous for a graph with layout; far below anything that would hurt to hold in memory. */
export const MAX_AUTOSAVE_BYTES = 20 * 1024 * 1024;
const autosaveText = z.string().max(MAX_AUTOSAVE_BYTES);

export interface RecoveryOptions {
  /** The autosave file in the app's data folder. */
  file: string;
  isTrustedSender(event: IpcSenderEvent): boolean;
}

/**
 * The page autosaves its unsaved work here. Only a close through the unsaved-changes prompt
 * removes the file, so finding it at start-up means the last session crashed or was killed:
 * `load()` hands it back and the page offers to restore it.
 */
export function enableRecovery(ipcMain: IpcMainLike, options: RecoveryOptions): { discard(): void } {
  const { file } = options;
  const trusted = (event: IpcSenderEvent) => {
    if (!options.isTrustedSender(event)) throw new Error(UNKNOWN_SENDER);
  };

  ipcMain.handle(channels.recoveryLoad, async (event) => {
    trusted(event);
    try {
      return autosaveText.parse(await readFile(file, 'utf8'));
    } catch {
      return null;
    }
  });

  ipcMain.handle(channels.recoverySave, async (event, text) => {
    trusted(event);
    const checked = autosaveText.parse(text);
    // Write beside, then rename: a crash mid-write keeps the previous autosave whole.
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, checked);
    await rename(temp, file);
  });

  ipcMain.handle(channels.recoveryClear, async (event) => {
    trusted(event);
    await rm(file, { force: true });
  });

  return {
    discard: () => {
      try {
        rmSync(file, { force: true });
      } catch (error) {
        console.warn(`Could not remove the autosave: ${(error as Error).message}`);
      }
    },
  };
}
