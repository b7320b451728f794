import {
  events, isEventName, isRequestName, requests,
  type EngineApi, type EventName, type EventPayload, type RequestArg, type RequestName, type RequestResult,
} from '../engine/host/contract.js';
import { EngineError, fromErrorReply } from '../engine/host/errors.js';
import { EventListeners } from '../engine/host/event-listeners.js';
import { fromEngineMessageSchema, type ToEngineMessage } from './engine-protocol.js';

/** A started engine process, whatever started it (Electron's utilityProcess or Node's fork). */
export interface EngineChild {
  postMessage(message: ToEngineMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

interface Pending {
  name: RequestName;
  resolve(result: unknown): void;
  reject(error: Error): void;
}


const FINISHED_STATES = new Set(['completed', 'stopped', 'failed']);

/**
 * Main's handle on the engine process, as an `EngineApi`. Every reply and event from the process
 * is parsed against the contract before anyone sees it. If the process dies, pending requests
 * fail, every run it was training gets a `training.error`, and the next request starts a fresh
 * process.
 */
export class EngineProcessClient implements EngineApi {
  private child: EngineChild | null = null;
  /** Requests written before the process said it was ready; it may not be listening yet. */
  private outbox: ToEngineMessage[] | null = null;
  private nextId = 1;
  private disposed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new EventListeners();
  private readonly activeRuns = new Set<string>();

  constructor(private readonly spawn: () => EngineChild, private readonly log: (line: string) => void = (line) => console.warn(line)) {}

  /** Starts the process ahead of the first request, so the first one is not slow. */
  start(): void {
    this.ensureChild();
  }

  request<N extends RequestName>(name: N, arg: RequestArg<N>): Promise<RequestResult<N>> {
    if (!isRequestName(name)) return Promise.reject(new EngineError(`Unknown request '${String(name)}'.`, 'Update Layerloom.'));
    const parsed = requests[name].arg.safeParse(arg);
    if (!parsed.success) {
      return Promise.reject(new EngineError(`Request '${name}' has a bad argument: ${parsed.error.issues[0]?.message ?? 'invalid'}.`, 'Correct the value and try again.'));
    }
    if (this.disposed) return Promise.reject(new EngineError('The engine has shut down.', 'Restart Layerloom.'));
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<RequestResult<N>>((resolve, reject) => {
      this.pending.set(id, { name, resolve: resolve as (result: unknown) => void, reject });
      const message: ToEngineMessage = { kind: 'request', id, name, arg: parsed.data };
      if (this.outbox) this.outbox.push(message);
      else child.postMessage(message);
    });
  }

  subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    return this.listeners.add(name, listener);
  }

  dispose(): void {
    this.disposed = true;
    const child = this.child;
    this.child = null;
    this.failPending(new EngineError('The engine has shut down.', 'Restart Layerloom.'));
    child?.kill();
  }

  private ensureChild(): EngineChild {
    if (this.child) return this.child;
    const child = this.spawn();
    this.child = child;
    this.outbox = [];
    child.onMessage((message) => this.receive(child, message));
    child.onExit((code) => this.exited(child, code));
    return child;
  }

  private receive(child: EngineChild, raw: unknown): void {
    if (child !== this.child) return;
    const message = fromEngineMessageSchema.safeParse(raw);
    if (!message.success) {
      this.log('Main: dropped a malformed message from the engine process.');
      return;
    }
    const data = message.data;
    if (data.kind === 'ready') {
      const held = this.outbox ?? [];
      this.outbox = null;
      for (const request of held) child.postMessage(request);
      return;
    }
    if (data.kind === 'event') {
      this.receiveEvent(data.name, data.payload);
      return;
    }
    const pending = this.pending.get(data.id);
    if (!pending) return;
    this.pending.delete(data.id);
    if (!data.ok) {
      pending.reject(fromErrorReply(data.error));
      return;
    }
    const result = requests[pending.name].result.safeParse(data.result);
    if (!result.success) {
      this.log(`Main: the engine answered ${pending.name} with a malformed result: ${result.error.message}`);
      pending.reject(new EngineError(`The engine sent a malformed answer to ${pending.name}.`, 'Restart Layerloom; if it happens again, please report it.'));
      return;
    }
    if (pending.name === 'training.start') this.activeRuns.add((result.data as { runId: string }).runId);
    pending.resolve(result.data);
  }

  private receiveEvent(name: string, payload: unknown): void {
    if (!isEventName(name)) {
      this.log(`Main: dropped an unknown engine event '${name}'.`);
      return;
    }
    const checked = events[name].safeParse(payload);
    if (!checked.success) {
      this.log(`Main: dropped a malformed ${name} event: ${checked.error.message}`);
      return;
    }
    const event = checked.data as { runId?: string; state?: string };
    if (event.runId !== undefined) {
      const finished = name === 'training.end' || name === 'training.error' || (name === 'training.state' && FINISHED_STATES.has(event.state ?? ''));
      if (finished) this.activeRuns.delete(event.runId);
      else this.activeRuns.add(event.runId);
    }
    this.emit(name, checked.data as never);
  }

  private exited(child: EngineChild, code: number | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.outbox = null;
    if (this.disposed) return;
    const message = `The training engine stopped unexpectedly (exit code ${code ?? 'unknown'}).`;
    const fix = 'Try again: Layerloom starts a new engine. If it keeps happening, lower the batch size or restart the app.';
    this.log(`Main: ${message}`);
    this.failPending(new EngineError(message, fix));
    for (const runId of this.activeRuns) this.emit('training.error', { runId, message, fix });
    this.activeRuns.clear();
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) entry.reject(error);
  }

  private emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    this.listeners.emit(name, payload, (error) => this.log(`Main: a ${name} listener failed: ${(error as Error).message}`));
  }
}
