import { z } from 'zod';
import { channels, type RendererQuery } from './ipc-channels.js';
import type { IpcMainLike } from './ipc-main.js';
import type { IpcSenderEvent } from './trusted-senders.js';

const replySchema = z.object({ id: z.number().int(), answer: z.boolean() });

interface Asked {
  senderId: number;
  settle(answer: boolean): void;
}

/**
 * Questions main asks the page (unsaved changes? save now?), answered by the preload on one
 * reply channel. A question nobody answers in time settles to its fallback, so a hung page
 * never blocks quitting.
 */
export class RendererQueries {
  private nextId = 1;
  private readonly asked = new Map<number, Asked>();

  constructor(ipcMain: IpcMainLike, private readonly isTrustedSender: (event: IpcSenderEvent) => boolean) {
    ipcMain.on(channels.rendererReply, (event, raw) => this.reply(event, raw));
  }

  ask(contents: { id: number; send(channel: string, ...args: unknown[]): void }, query: RendererQuery, timeoutMs: number, fallback: boolean): Promise<boolean> {
    const id = this.nextId++;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(fallback), timeoutMs);
      const settle = (answer: boolean) => {
        clearTimeout(timer);
        this.asked.delete(id);
        resolve(answer);
      };
      this.asked.set(id, { senderId: contents.id, settle });
      contents.send(channels.rendererQuery, { id, query });
    });
  }

  private reply(event: IpcSenderEvent, raw: unknown): void {
    if (!this.isTrustedSender(event)) return;
    const reply = replySchema.safeParse(raw);
    if (!reply.success) return;
    const asked = this.asked.get(reply.data.id);
    // Only the page that was asked may answer.
    if (asked && asked.senderId === event.sender.id) asked.settle(reply.data.answer);
  }
}
