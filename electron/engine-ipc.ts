import {
  events, isRequestName, requests, type EngineApi, type ErrorReply, type EventName, type RequestName,
} from '../engine/host/contract.js';
import { toErrorReply } from '../engine/host/errors.js';
import { eventChannel, requestChannel, type RequestReply } from './ipc-channels.js';
import { UNKNOWN_SENDER, type IpcMainLike } from './ipc-main.js';
import type { IpcSenderEvent } from './trusted-senders.js';

/**
 * The IPC adapter of the contract, in main: one `ipcMain.handle` channel per request and one
 * broadcast channel per event. Arguments from the page and results and events from the engine
 * are all parsed with the contract's schemas here; senders that are not the app's own window
 * are refused before anything reaches the engine.
 */
export interface EngineIpcOptions {
  isTrustedSender(event: IpcSenderEvent): boolean;
  /** Sends an event to the app's window(s). */
  broadcast(channel: string, payload: unknown): void;
  /** Told of each request that succeeded (main keeps the recent-files list from these). */
  onSuccess?(name: RequestName, arg: unknown, result: unknown): void;
  log?: (line: string) => void;
}

export function enableEngineIpc(ipcMain: IpcMainLike, engine: EngineApi, options: EngineIpcOptions): () => void {
  const log = options.log ?? ((line: string) => console.warn(line));
  const names = Object.keys(requests).filter(isRequestName);

  for (const name of names) {
    ipcMain.handle(requestChannel(name), async (event, arg): Promise<RequestReply<unknown>> => {
      if (!options.isTrustedSender(event)) {
        log(`Dropped ${name} from an unknown sender (${event.senderFrame?.url ?? 'no frame'}).`);
        throw new Error(UNKNOWN_SENDER);
      }
      const parsed = requests[name].arg.safeParse(arg);
      if (!parsed.success) return { ok: false, error: badArgument(name, parsed.error.issues) };
      try {
        const result = await engine.request(name, parsed.data as never);
        const checked = requests[name].result.safeParse(result);
        if (!checked.success) {
          log(`The engine answered ${name} with a malformed result: ${checked.error.message}`);
          return { ok: false, error: { message: `The engine sent a malformed answer to ${name}.`, fix: 'Restart Layerloom; if it happens again, please report it.' } };
        }
        options.onSuccess?.(name, parsed.data, checked.data);
        return { ok: true, result: checked.data };
      } catch (error) {
        return { ok: false, error: toErrorReply(error) };
      }
    });
  }

  const unsubscribes = (Object.keys(events) as EventName[]).map((name) =>
    engine.subscribe(name, (payload) => {
      const checked = events[name].safeParse(payload);
      if (!checked.success) {
        log(`Dropped a malformed ${name} event from the engine: ${checked.error.message}`);
        return;
      }
      options.broadcast(eventChannel(name), checked.data);
    }));

  return () => {
    for (const name of names) ipcMain.removeHandler(requestChannel(name));
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

function badArgument(name: RequestName, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): ErrorReply {
  const issue = issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return {
    message: `Request '${name}' has a bad argument at ${where}: ${issue?.message ?? 'invalid'}.`,
    fix: 'This is a bug in the window talking to the engine; please report it.',
  };
}
