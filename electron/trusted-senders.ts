/**
 * Which renderers may talk to main: the main frame of a window main created itself, showing
 * one of the app's own pages. IPC from anything else (a subframe, a page that navigated away,
 * a web contents main never registered) is dropped.
 */
export interface IpcSenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface SendTarget {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export class TrustedSenders {
  private readonly targets = new Map<number, SendTarget>();

  constructor(private readonly isAppUrl: (url: string) => boolean) {}

  add(contents: SendTarget): void {
    this.targets.set(contents.id, contents);
    contents.once('destroyed', () => this.targets.delete(contents.id));
  }

  isTrusted(event: IpcSenderEvent): boolean {
    const frame = event.senderFrame;
    return this.targets.has(event.sender.id) && frame !== null && frame.parent === null && this.isAppUrl(frame.url);
  }

  /** Sends to every trusted window (there is one; a second would get the same stream). */
  broadcast(channel: string, payload: unknown): void {
    for (const target of this.targets.values()) {
      if (!target.isDestroyed()) target.send(channel, payload);
    }
  }
}
