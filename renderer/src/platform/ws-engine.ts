import type { EngineApi, EventName, EventPayload, RequestName, RequestResult } from '../../../engine/host/contract.js';
import { events, isEventName, requests } from '../../../engine/host/contract.js';
import type { ClientMessage } from '../../../engine/host/ws-messages.js';
import { serverMessageSchema } from '../../../engine/host/ws-messages.js';
import { EventListeners } from '../../../engine/host/event-listeners.js';
import type { ConnectionMonitor, ConnectionState } from './platform.js';
import { EngineError } from './platform.js';

/** The part of the browser's WebSocket the client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WsEngineOptions {
  /** ws://host/engine?token=… */
  url: string;
  token: string;
  createSocket?: (url: string) => SocketLike;
}

export interface WsEngine extends EngineApi, ConnectionMonitor {
  close(): void;
}

interface Pending {
  name: RequestName;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const LOST = new EngineError('Lost the connection to the Layerloom engine.', 'Check that `npm run web` is still running, then reload the page (or open the new URL it prints).');

/**
 * EngineApi over WebSocket. Results and events are checked against the contract here too, so
 * the app only ever sees well-formed data, whichever side has a bug.
 */
export function createWsEngine(options: WsEngineOptions): WsEngine {
  const socket = (options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike))(options.url);
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new EventListeners();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let nextId = 1;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  socket.onopen = () => {
    setState('open');
    for (const text of queue.splice(0)) socket.send(text);
  };
  socket.onclose = () => {
    setState('closed');
    for (const entry of pending.values()) entry.reject(LOST);
    pending.clear();
  };
  socket.onerror = () => { /* onclose follows and says it */ };
  socket.onmessage = (ev) => {
    let raw: unknown;
    try { raw = JSON.parse(String(ev.data)); } catch { return; }
    const message = serverMessageSchema.safeParse(raw);
    if (!message.success) return;
    const msg = message.data;
    if (msg.t === 'evt') {
      if (!isEventName(msg.name)) return;
      const payload = events[msg.name].safeParse(msg.payload);
      if (!payload.success) return;
      listeners.emit(msg.name, payload.data as never);
      return;
    }
    const entry = pending.get(msg.id);
    if (!entry) return;
    pending.delete(msg.id);
    if (!msg.ok) return entry.reject(new EngineError(msg.error.message, msg.error.fix));
    const result = requests[entry.name].result.safeParse(msg.result);
    if (result.success) entry.resolve(result.data);
    else entry.reject(new EngineError(`The engine answered '${entry.name}' with data this page does not understand.`, 'Reload the page; if it persists, the page and server versions differ.'));
  };

  return {
    get state() { return state; },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => { stateListeners.delete(listener); };
    },
    request<N extends RequestName>(name: N, arg: unknown): Promise<RequestResult<N>> {
      if (state === 'closed') return Promise.reject(LOST);
      const id = nextId++;
      const message: ClientMessage = { t: 'req', id, token: options.token, name, arg };
      return new Promise<RequestResult<N>>((resolve, reject) => {
        pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
        const text = JSON.stringify(message);
        if (state === 'open') socket.send(text);
        else queue.push(text);
      });
    },
    subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void) {
      return listeners.add(name, listener);
    },
    close() { socket.close(); },
  };
}
