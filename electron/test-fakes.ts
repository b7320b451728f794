// Fakes of Electron's IPC for the unit tests: an ipcMain that records handlers and an
// ipcRenderer wired to it, so tests drive both ends of a channel.
import type { IpcMainLike } from './ipc-main.js';
import type { IpcSenderEvent } from './trusted-senders.js';

type Handler = (event: IpcSenderEvent, ...args: unknown[]) => unknown;
type Listener = (event: IpcSenderEvent & { sender: object }, ...args: unknown[]) => void;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Set<Listener>>();

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, listener: Listener): this {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }

  removeListener(channel: string, listener: (...args: never[]) => void): this {
    this.listeners.get(channel)?.delete(listener as unknown as Listener);
    return this;
  }

  /** What `ipcRenderer.invoke` from `event`'s sender would get. */
  async invoke(channel: string, event: IpcSenderEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  emit(channel: string, event: IpcSenderEvent & { sender: object }, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

export const APP_PAGE = 'layerloom://app/index.html';

/** An IPC event from web contents `id`, main frame showing `url`. */
export function senderEvent(id = 1, url = APP_PAGE, parent: unknown = null): IpcSenderEvent & { sender: { id: number } } {
  return { sender: { id }, senderFrame: { url, parent } };
}

export const trustOnly = (id: number) => (event: IpcSenderEvent) => event.sender.id === id;
