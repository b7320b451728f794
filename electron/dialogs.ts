import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import { z } from 'zod';
import { channels } from './ipc-channels.js';
import { UNKNOWN_SENDER, type IpcMainLike } from './ipc-main.js';
import type { IpcSenderEvent } from './trusted-senders.js';

/** Native open/save/folder pickers behind the preload's `dialogs` methods. */
export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;

export interface DialogOptions {
  isTrustedSender(event: IpcSenderEvent): boolean;
  /** The window a dialog is modal to. */
  windowFor(event: IpcSenderEvent): BrowserWindow | null;
  /** Default folder when the page suggests a bare file name. */
  documentsDir: string;
}

export const PROJECT_EXTENSION = '.layerloom.json';
const PROJECT_FILTERS = [{ name: 'Layerloom project', extensions: ['json'] }, { name: 'All files', extensions: ['*'] }];
const ARCHIVE_FILTERS = [{ name: 'CIFAR-10 binary archive (cifar-10-binary.tar.gz)', extensions: ['gz', 'tgz', 'tar'] }, { name: 'All files', extensions: ['*'] }];

const suggestedPath = z.string().max(4096);
const saveArg = z.object({ suggestedPath });
const folderArg = z.object({ purpose: z.enum(['export', 'dataset', 'images']), suggestedPath });

/** `model` → `model.layerloom.json`; names that already end in .json are the user's choice. */
export function withProjectExtension(file: string): string {
  return file.toLowerCase().endsWith('.json') ? file : `${file}${PROJECT_EXTENSION}`;
}

export function enableDialogs(ipcMain: IpcMainLike, dialog: DialogApi, options: DialogOptions): void {
  const guard = <A extends unknown[]>(handler: (window: BrowserWindow | null, ...args: A) => Promise<string | null>) =>
    (event: IpcSenderEvent, ...args: unknown[]) => {
      if (!options.isTrustedSender(event)) throw new Error(UNKNOWN_SENDER);
      return handler(options.windowFor(event), ...(args as A));
    };
  const defaultPath = (suggested: string) => (suggested === '' ? options.documentsDir : path.resolve(options.documentsDir, suggested));

  const open = async (window: BrowserWindow | null, settings: Electron.OpenDialogOptions) => {
    const result = window ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };

  ipcMain.handle(channels.dialogOpenProject, guard((window) =>
    open(window, { title: 'Open Project', properties: ['openFile'], filters: PROJECT_FILTERS })));

  ipcMain.handle(channels.dialogSaveProject, guard(async (window, arg: unknown) => {
    const { suggestedPath: suggested } = saveArg.parse(arg);
    const settings: Electron.SaveDialogOptions = {
      title: 'Save Project', defaultPath: defaultPath(withProjectExtension(suggested || 'untitled')), filters: PROJECT_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const result = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
    return result.canceled || !result.filePath ? null : withProjectExtension(result.filePath);
  }));

  ipcMain.handle(channels.dialogChooseFolder, guard((window, arg: unknown) => {
    const { purpose, suggestedPath: suggested } = folderArg.parse(arg);
    return open(window, purpose === 'export'
      ? { title: 'Export Model To Folder', buttonLabel: 'Export Here', defaultPath: defaultPath(suggested), properties: ['openDirectory', 'createDirectory', 'promptToCreate'] }
      : purpose === 'images'
        ? { title: 'Choose an Image Folder (one subfolder per class)', buttonLabel: 'Choose Folder', defaultPath: defaultPath(suggested), properties: ['openDirectory'] }
        : { title: 'Use a CIFAR-10 Folder (cifar-10-batches-bin)', buttonLabel: 'Use Folder', defaultPath: defaultPath(suggested), properties: ['openDirectory'] });
  }));

  ipcMain.handle(channels.dialogChooseDatasetArchive, guard((window) =>
    open(window, { title: 'Import CIFAR-10', buttonLabel: 'Import', properties: ['openFile'], filters: ARCHIVE_FILTERS })));
}
