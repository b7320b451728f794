import type { EventName, EventPayload } from './contract.js';

type AnyListener = (payload: never) => void;

/** The listeners behind every EngineApi.subscribe: the host, the Electron client and the WebSocket client share it. */
export class EventListeners {
  private readonly byName = new Map<EventName, Set<AnyListener>>();

  add<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(listener as AnyListener);
    return () => { set.delete(listener as AnyListener); };
  }

  /** Calls each listener of `name`; with `onError`, one that throws does not stop the rest. */
  emit<N extends EventName>(name: N, payload: EventPayload<N>, onError?: (error: unknown) => void): void {
    for (const listener of this.byName.get(name) ?? []) {
      if (!onError) {
        (listener as (p: EventPayload<N>) => void)(payload);
        continue;
      }
      try {
        (listener as (p: EventPayload<N>) => void)(payload);
      } catch (error) {
        onError(error);
      }
    }
  }

  clear(): void {
    this.byName.clear();
  }
}
