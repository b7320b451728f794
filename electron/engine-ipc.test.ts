import { describe, expect, it, vi } from 'vitest';
import { events, requests, type EngineApi, type EventName, type EventPayload } from '../engine/host/contract.js';
import { EngineError } from '../engine/host/errors.js';
import { enableEngineIpc } from './engine-ipc.js';
import { eventChannel, requestChannel } from './ipc-channels.js';
import { UNKNOWN_SENDER } from './ipc-main.js';
import { FakeIpcMain, senderEvent, trustOnly } from './test-fakes.js';

const batch: EventPayload<'training.batch'> = {
  runId: 'r1', epoch: 1, epochs: 1, batch: 3, batches: 10, loss: 2.1, acc: 0.2, imagesPerSec: 900, etaSeconds: 4,
};

/** An engine whose answers the test sets, recording what reached it. */
function fakeEngine(answer: (name: string, arg: unknown) => unknown = () => ({ runId: 'r1' })) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: Array<[string, unknown]> = [];
  const engine: EngineApi = {
    request: async (name, arg) => { calls.push([name, arg]); return answer(name, arg) as never; },
    subscribe: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => { set.delete(listener as (payload: unknown) => void); };
    },
  };
  const emit = <N extends EventName>(name: N, payload: unknown) => { for (const l of listeners.get(name) ?? []) l(payload); };
  const subscribers = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  return { engine, calls, emit, subscribers };
}

function setUp(answer?: (name: string, arg: unknown) => unknown) {
  const ipc = new FakeIpcMain();
  const fake = fakeEngine(answer);
  const broadcast = vi.fn();
  const onSuccess = vi.fn();
  const log = vi.fn();
  const dispose = enableEngineIpc(ipc, fake.engine, { isTrustedSender: trustOnly(1), broadcast, onSuccess, log });
  return { ipc, ...fake, broadcast, onSuccess, log, dispose };
}

describe('engine IPC adapter', () => {
  it('handles one named channel per contract request', () => {
    const { ipc } = setUp();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(requests).map((name) => requestChannel(name as never)).sort());
  });

  it('relays a checked request and replies with the checked result', async () => {
    const { ipc, calls, onSuccess } = setUp(() => ({ state: 'paused', extra: 'stripped' }));
    const reply = await ipc.invoke(requestChannel('training.pause'), senderEvent(1), { runId: 'r1' });
    expect(reply).toEqual({ ok: true, result: { state: 'paused' } });
    expect(calls).toEqual([['training.pause', { runId: 'r1' }]]);
    expect(onSuccess).toHaveBeenCalledWith('training.pause', { runId: 'r1' }, { state: 'paused' });
  });

  it('drops requests from unknown senders before the engine sees them', async () => {
    const { ipc, calls, log } = setUp();
    await expect(ipc.invoke(requestChannel('training.pause'), senderEvent(2), { runId: 'r1' })).rejects.toThrow(UNKNOWN_SENDER);
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('unknown sender'));
  });

  it('rejects arguments that fail the contract schema, naming the field', async () => {
    const { ipc, calls } = setUp();
    const reply = await ipc.invoke(requestChannel('training.pause'), senderEvent(1), { runId: '' });
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('runId') } });
    const missing = await ipc.invoke(requestChannel('project.read'), senderEvent(1), undefined);
    expect(missing).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('refuses a result that breaks the contract instead of passing it on', async () => {
    const { ipc, log, onSuccess } = setUp(() => ({ state: 42 }));
    const reply = await ipc.invoke(requestChannel('training.stop'), senderEvent(1), { runId: 'r1' });
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('malformed') } });
    expect(log).toHaveBeenCalled();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('passes engine errors on as { message, fix }', async () => {
    const { ipc } = setUp(() => { throw new EngineError('CIFAR-10 is not here.', 'Download it.'); });
    const reply = await ipc.invoke(requestChannel('dataset.download'), senderEvent(1), {});
    expect(reply).toEqual({ ok: false, error: { message: 'CIFAR-10 is not here.', fix: 'Download it.' } });
  });

  it('streams checked engine events to the window, dropping malformed ones', () => {
    const { emit, broadcast, log } = setUp();
    emit('training.batch', batch);
    emit('training.batch', { ...batch, loss: 'high' });
    emit('training.state', { runId: 'r1', state: 'running' });
    expect(broadcast.mock.calls).toEqual([
      [eventChannel('training.batch'), batch],
      [eventChannel('training.state'), { runId: 'r1', state: 'running' }],
    ]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('malformed training.batch'));
  });

  it('unsubscribes from the engine and removes its handlers when disposed', () => {
    const { ipc, subscribers, dispose, emit, broadcast } = setUp();
    expect(subscribers()).toBe(Object.keys(events).length);
    dispose();
    expect(subscribers()).toBe(0);
    expect(ipc.handlers.size).toBe(0);
    emit('training.batch', batch);
    expect(broadcast).not.toHaveBeenCalled();
  });
});
