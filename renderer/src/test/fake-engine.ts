import type { EngineApi, EventName, EventPayload, RequestName, RequestResult } from '../../../engine/host/contract.js';

type Handler = (arg: never) => unknown;

/** An EngineApi for tests: canned answers per request, and `emit` to play engine events. */
export function createFakeEngine(handlers: Partial<Record<RequestName, Handler>> = {}) {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const calls: { name: RequestName; arg: unknown }[] = [];
  const engine: EngineApi = {
    async request<N extends RequestName>(name: N, arg: unknown): Promise<RequestResult<N>> {
      calls.push({ name, arg });
      const handler = handlers[name];
      if (!handler) throw new Error(`No fake answer for '${name}'.`);
      return (await handler(arg as never)) as RequestResult<N>;
    },
    subscribe<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: never) => void);
      return () => { set.delete(listener as (payload: never) => void); };
    },
  };
  return {
    engine,
    calls,
    emit<N extends EventName>(name: N, payload: EventPayload<N>) {
      for (const listener of listeners.get(name) ?? []) (listener as (p: EventPayload<N>) => void)(payload);
    },
  };
}
