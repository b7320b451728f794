import { describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../engine/host/contract.js';
import { EngineHost } from '../engine/host/engine-host.js';
import { EngineProcessClient, type EngineChild } from './engine-client.js';
import type { ToEngineMessage } from './engine-protocol.js';
import { serveEngine, type ParentLink } from './engine-service.js';

/** A stand-in for the utility process: the test reads what main posted and answers for the engine. */
class FakeChild implements EngineChild {
  readonly posted: ToEngineMessage[] = [];
  killed = false;
  private messageListener: ((message: unknown) => void) | null = null;
  private exitListener: ((code: number | null) => void) | null = null;
  postMessage(message: ToEngineMessage) { this.posted.push(message); }
  onMessage(listener: (message: unknown) => void) { this.messageListener = listener; }
  onExit(listener: (code: number | null) => void) { this.exitListener = listener; }
  kill() { this.killed = true; }
  fromEngine(message: unknown) { this.messageListener?.(message); }
  ready() { this.fromEngine({ kind: 'ready', pid: 1 }); }
  exit(code: number | null) { this.exitListener?.(code); }
}

/** `ready`: whether each new process announces itself at once (as the real one does once listening). */
function setUp(ready = true) {
  const children: FakeChild[] = [];
  const log = vi.fn();
  const client = new EngineProcessClient(() => {
    const child = new FakeChild();
    children.push(child);
    if (ready) queueMicrotask(() => child.ready());
    return child;
  }, log);
  return { client, children, log };
}

const epoch: EventPayload<'training.epoch'> = {
  runId: 'r1', epoch: 1, epochs: 2, loss: 1.9, acc: 0.3, valLoss: null, valAcc: null, seconds: 3, imagesPerSec: 800,
};

describe('EngineProcessClient (main side of the utility process)', () => {
  it('posts checked requests and resolves with checked replies', async () => {
    const { client, children } = setUp();
    const pending = client.request('training.pause', { runId: 'r1' });
    const [child] = children;
    await vi.waitFor(() => expect(child?.posted).toEqual([{ kind: 'request', id: 1, name: 'training.pause', arg: { runId: 'r1' } }]));
    child?.fromEngine({ kind: 'reply', id: 1, ok: true, result: { state: 'paused' } });
    await expect(pending).resolves.toEqual({ state: 'paused' });
  });

  it('holds requests until the process says it is listening', async () => {
    const { client, children } = setUp(false);
    void client.request('engine.info', {});
    void client.request('templates.list', {});
    expect(children[0]?.posted).toEqual([]);
    children[0]?.ready();
    expect(children[0]?.posted.map((message) => message.name)).toEqual(['engine.info', 'templates.list']);
  });

  it('rejects bad arguments without bothering the engine', async () => {
    const { client, children } = setUp();
    await expect(client.request('training.pause', { runId: 7 } as never)).rejects.toThrow(/bad argument/);
    expect(children).toHaveLength(0);
  });

  it('rejects with message and fix kept apart on an error reply', async () => {
    const { client, children } = setUp();
    const pending = client.request('dataset.download', {});
    children[0]?.fromEngine({ kind: 'reply', id: 1, ok: false, error: { message: 'Offline.', fix: 'Import the archive instead.' } });
    await expect(pending).rejects.toMatchObject({ message: 'Offline.', fix: 'Import the archive instead.' });
  });

  it('drops malformed envelopes and rejects results that break the contract', async () => {
    const { client, children, log } = setUp();
    const pending = client.request('training.stop', { runId: 'r1' });
    children[0]?.fromEngine({ kind: 'reply', id: 'one' });
    children[0]?.fromEngine('garbage');
    children[0]?.fromEngine({ kind: 'reply', id: 1, ok: true, result: { state: 3 } });
    await expect(pending).rejects.toThrow(/malformed answer/);
    expect(log).toHaveBeenCalledTimes(3);
  });

  it('streams checked events to subscribers until they unsubscribe', () => {
    const { client, children, log } = setUp();
    client.start();
    const seen: unknown[] = [];
    const unsubscribe = client.subscribe('training.epoch', (payload) => seen.push(payload));
    children[0]?.fromEngine({ kind: 'event', name: 'training.epoch', payload: epoch });
    children[0]?.fromEngine({ kind: 'event', name: 'training.epoch', payload: { ...epoch, acc: 'good' } });
    children[0]?.fromEngine({ kind: 'event', name: 'training.secret', payload: {} });
    unsubscribe();
    children[0]?.fromEngine({ kind: 'event', name: 'training.epoch', payload: epoch });
    expect(seen).toEqual([epoch]);
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('when the engine dies: fails pending requests, ends its runs with an error, and restarts on the next request', async () => {
    const { client, children } = setUp();
    const start = client.request('training.start', {
      graph: { nodes: [], edges: [] },
      training: { optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, batchSize: 10, epochs: 1, validationSplit: 0, seed: 1 },
    });
    const backend = { name: 'cpu', tfBackend: 'cpu', threads: 1, simd: null, nativeKernels: false, skipped: [], notes: [], speed: null };
    children[0]?.fromEngine({ kind: 'reply', id: 1, ok: true, result: { runId: 'r1', backend } });
    await start;
    const errors: unknown[] = [];
    client.subscribe('training.error', (payload) => errors.push(payload));
    const pause = client.request('training.pause', { runId: 'r1' });
    children[0]?.exit(134);
    await expect(pause).rejects.toThrow(/stopped unexpectedly \(exit code 134\)/);
    expect(errors).toEqual([{ runId: 'r1', message: expect.stringContaining('exit code 134'), fix: expect.any(String) }]);

    void client.request('engine.info', {});
    expect(children).toHaveLength(2);
    await vi.waitFor(() => expect(children[1]?.posted[0]).toMatchObject({ name: 'engine.info' }));
  });

  it('kills the process on dispose and refuses later requests', async () => {
    const { client, children } = setUp();
    const pending = client.request('templates.list', {});
    client.dispose();
    await expect(pending).rejects.toThrow(/shut down/);
    expect(children[0]?.killed).toBe(true);
    await expect(client.request('templates.list', {})).rejects.toThrow(/shut down/);
  });
});

describe('engine process service', () => {
  function link() {
    const posted: unknown[] = [];
    let listener: ((message: unknown) => void) | null = null;
    const parent: ParentLink = { post: (message) => posted.push(message), onMessage: (l) => { listener = l; } };
    return { parent, posted, send: (message: unknown) => listener?.(message) };
  }

  it('announces itself, drops malformed messages, and refuses unknown requests', async () => {
    const { parent, posted, send } = link();
    const request = vi.fn();
    const log = vi.fn();
    serveEngine(parent, { request, subscribe: () => () => undefined }, log);
    send({ kind: 'request', id: 'x' });
    send({ kind: 'request', id: 4, name: 'shell.exec', arg: {} });
    expect(posted[0]).toMatchObject({ kind: 'ready' });
    expect(posted[1]).toMatchObject({ kind: 'reply', id: 4, ok: false, error: { message: expect.stringContaining('shell.exec') } });
    expect(request).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });

  it('connects main to a real EngineHost end to end', async () => {
    // Client and service joined in memory, each message structured-cloned as the process link does.
    const host = new EngineHost();
    let toEngine: (message: unknown) => void = () => undefined;
    let toMain: (message: unknown) => void = () => undefined;
    const child: EngineChild = {
      postMessage: (message) => queueMicrotask(() => toEngine(structuredClone(message))),
      onMessage: (listener) => { toMain = listener; },
      onExit: () => undefined,
      kill: () => undefined,
    };
    const client = new EngineProcessClient(() => child);
    client.start();
    serveEngine({ post: (message) => queueMicrotask(() => toMain(structuredClone(message))), onMessage: (listener) => { toEngine = listener; } }, host);
    try {
      const templates = await client.request('templates.list', {});
      expect(templates.find((t) => t.id === 'lenet')?.params).toBe(62006);
      await expect(client.request('training.pause', { runId: 'nope' })).rejects.toMatchObject({ fix: expect.stringContaining('Start a training run') });
    } finally {
      host.dispose();
    }
  });
});
