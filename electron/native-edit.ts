import type { WebContents } from 'electron';
import { channels, NATIVE_EDIT_ACTIONS, type NativeEditAction } from './ipc-channels.js';
import type { IpcMainLike } from './ipc-main.js';
import type { IpcSenderEvent } from './trusted-senders.js';

type Editable = Pick<WebContents, NativeEditAction>;

/**
 * Edit menu commands while a text field has focus: the preload sends them back here and
 * Chromium's own editing performs them, since the menu's shortcuts pre-empt the page's.
 */
export function enableNativeEdit(ipcMain: IpcMainLike, isTrustedSender: (event: IpcSenderEvent) => boolean): void {
  ipcMain.on(channels.nativeEdit, (event, action) => {
    if (!isTrustedSender(event)) return;
    if (!(NATIVE_EDIT_ACTIONS as readonly unknown[]).includes(action)) return;
    (event.sender as unknown as Editable)[action as NativeEditAction]();
  });
}
