import { describe, expect, it } from 'vitest';
import { REFERENCE_TRAINING } from '../../../engine/project/schema.js';
import { EngineError } from './platform.js';
import { createWsEngine, type SocketLike } from './ws-engine.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; name: string; token: string; arg: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) { this.sent.push(JSON.parse(data) as FakeSocket['sent'][number]); }
  close() { this.onclose?.({}); }
  open() { this.readyState = 1; this.onopen?.({}); }
  receive(message: unknown) { this.onmessage?.({ data: JSON.stringify(message) }); }
}

function connect() {
  let socket: FakeSocket | undefined;
  const engine = createWsEngine({ url: 'ws://x/engine?token=t0k', token: 't0k', createSocket: (url) => (socket = new FakeSocket(url)) });
  return { engine, socket: socket as unknown as FakeSocket };
}

describe('WebSocket engine client', () => {
  it('queues requests until the socket opens, and sends the token with each', async () => {
    const { engine, socket } = connect();
    const reply = engine.request('templates.list', {});
    expect(socket.sent).toHaveLength(0);
    socket.open();
    expect(socket.sent[0]).toMatchObject({ name: 'templates.list', token: 't0k' });
    socket.receive({ t: 'res', id: socket.sent[0]?.id, ok: true, result: [] });
    await expect(reply).resolves.toEqual([]);
    expect(engine.state).toBe('open');
  });

  it('turns error replies into EngineErrors that keep the fix', async () => {
    const { engine, socket } = connect();
    socket.open();
    const reply = engine.request('project.read', { path: '/nope' });
    socket.receive({ t: 'res', id: socket.sent[0]?.id, ok: false, error: { message: 'No such file.', fix: 'Check the path.' } });
    await expect(reply).rejects.toEqual(new EngineError('No such file.', 'Check the path.'));
    await reply.catch((e: EngineError) => expect(e.fix).toBe('Check the path.'));
  });

  it('rejects results that do not match the contract', async () => {
    const { engine, socket } = connect();
    socket.open();
    const reply = engine.request('training.start', { graph: { nodes: [], edges: [] }, training: REFERENCE_TRAINING });
    socket.receive({ t: 'res', id: socket.sent[0]?.id, ok: true, result: { runId: 42 } });
    await expect(reply).rejects.toThrow(/does not understand/);
  });

  it('delivers well-formed events to subscribers and drops malformed ones', () => {
    const { engine, socket } = connect();
    socket.open();
    const seen: string[] = [];
    const off = engine.subscribe('training.state', (e) => seen.push(`${e.runId}:${e.state}`));
    socket.receive({ t: 'evt', name: 'training.state', payload: { runId: 'r1', state: 'running' } });
    socket.receive({ t: 'evt', name: 'training.state', payload: { runId: 'r1', state: 'exploded' } });
    socket.receive({ t: 'evt', name: 'no.such', payload: {} });
    off();
    socket.receive({ t: 'evt', name: 'training.state', payload: { runId: 'r1', state: 'paused' } });
    expect(seen).toEqual(['r1:running']);
  });

  it('fails pending and later requests once the connection is lost', async () => {
    const { engine, socket } = connect();
    socket.open();
    const states: string[] = [];
    engine.onStateChange((s) => states.push(s));
    const pending = engine.request('engine.info', {});
    socket.close();
    await expect(pending).rejects.toThrow(/Lost the connection/);
    await expect(engine.request('engine.info', {})).rejects.toThrow(/Lost the connection/);
    expect(states).toEqual(['closed']);
  });
});
