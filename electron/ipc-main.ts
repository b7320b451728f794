import type { IpcSenderEvent } from './trusted-senders.js';

/**
 * The slice of Electron's ipcMain that main's modules use, so tests can hand in a fake.
 * Listeners get the sender's identity first; every module checks it before anything else.
 */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcSenderEvent & { sender: object }, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: never[]) => void): unknown;
}

/** What a refused IPC call rejects with; the renderer never learns more. */
export const UNKNOWN_SENDER = 'Refused: the message came from a page Layerloom did not open.';
