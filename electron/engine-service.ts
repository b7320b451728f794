import { events, isRequestName, type EngineApi, type EventName } from '../engine/host/contract.js';
import { toErrorReply } from '../engine/host/errors.js';
import { toEngineMessageSchema, type FromEngineMessage } from './engine-protocol.js';

/** The engine process's end of its link to main: Electron's parentPort, or Node's IPC channel. */
export interface ParentLink {
  post(message: FromEngineMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * Answers main's requests with `engine` and forwards every engine event. Malformed envelopes
 * are dropped; unknown request names and bad arguments get an error reply (the engine parses
 * arguments against the contract itself).
 */
export function serveEngine(link: ParentLink, engine: EngineApi, log: (line: string) => void = (line) => console.warn(line)): () => void {
  const unsubscribes = (Object.keys(events) as EventName[]).map((name) =>
    engine.subscribe(name, (payload) => link.post({ kind: 'event', name, payload })));

  link.onMessage((raw) => {
    const message = toEngineMessageSchema.safeParse(raw);
    if (!message.success) {
      log('Engine: dropped a malformed message from main.');
      return;
    }
    const { id, name, arg } = message.data;
    if (!isRequestName(name)) {
      link.post({ kind: 'reply', id, ok: false, error: { message: `Unknown request '${name}'.`, fix: 'Update Layerloom: its window and engine are out of step.' } });
      return;
    }
    engine.request(name, arg as never).then(
      (result) => link.post({ kind: 'reply', id, ok: true, result }),
      (error: unknown) => link.post({ kind: 'reply', id, ok: false, error: toErrorReply(error) }),
    );
  });

  link.post({ kind: 'ready', pid: process.pid });
  return () => { for (const unsubscribe of unsubscribes) unsubscribe(); };
}

/** The link this process was started with, or null when it was not started as a child. */
export function connectToParent(): ParentLink | null {
  const electronPort = process.parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage: (listener) => { electronPort.on('message', (event) => listener(event.data)); },
    };
  }
  if (process.send) {
    return {
      post: (message) => { process.send?.(message); },
      onMessage: (listener) => { process.on('message', listener); },
    };
  }
  return null;
}
