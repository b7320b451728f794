import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EngineApi, EventName } from './contract.js';
import { events } from './contract.js';
import { ENGINE_SOCKET_PATH } from './ws-messages.js';
import { attachEngineSocket } from './ws-transport.js';

const TOKEN = 'secret-token';

/** A tiny engine: answers two requests and lets the test emit events. */
function fakeEngine() {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const engine: EngineApi = {
    request: (async (name: string, arg: { path?: string }) => {
      if (name === 'templates.list') return [];
      if (name === 'project.read') throw Object.assign(new Error(`Cannot open ${arg.path}.`), { fix: 'Check the path.' });
      if (name === 'engine.info') return { version: 'x' }; // malformed on purpose
      throw new Error('unexpected');
    }) as EngineApi['request'],
    subscribe: ((name: EventName, listener: (p: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    }) as EngineApi['subscribe'],
  };
  const emit = (name: string, payload: unknown) => { for (const l of listeners.get(name) ?? []) l(payload); };
  return { engine, emit, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

let server: Server;
let close: () => Promise<void>;

async function start(engine: EngineApi): Promise<number> {
  server = createServer();
  close = attachEngineSocket(server, { engine, token: TOKEN }).close;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

function open(port: number, token = TOKEN, origin?: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${ENGINE_SOCKET_PATH}?token=${token}`, origin ? { origin } : {});
  return new Promise((resolve, reject) => { ws.once('open', () => resolve(ws)); ws.once('error', reject); });
}

function ask(ws: WebSocket, message: object): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(JSON.stringify({ t: 'req', token: TOKEN, ...message }));
  });
}

afterEach(async () => {
  await close();
  await new Promise<void>((done) => server.close(() => done()));
});

describe('engine over WebSocket', () => {
  it('refuses connections without the token or from another origin', async () => {
    const port = await start(fakeEngine().engine);
    await expect(open(port, 'wrong')).rejects.toThrow(/401/);
    await expect(open(port, TOKEN, 'http://evil.example')).rejects.toThrow(/403/);
    const ws = await open(port, TOKEN, `http://127.0.0.1:${port}`);
    ws.close();
  });

  it('answers requests, and reports engine errors with their fix', async () => {
    const port = await start(fakeEngine().engine);
    const ws = await open(port);
    expect(await ask(ws, { id: 1, name: 'templates.list', arg: {} })).toEqual({ t: 'res', id: 1, ok: true, result: [] });
    expect(await ask(ws, { id: 2, name: 'project.read', arg: { path: '/x' } })).toEqual({ t: 'res', id: 2, ok: false, error: { message: 'Cannot open /x.', fix: 'Check the path.' } });
    ws.close();
  });

  it('checks names, arguments and results against the contract', async () => {
    const port = await start(fakeEngine().engine);
    const ws = await open(port);
    expect(await ask(ws, { id: 1, name: 'rm.rf', arg: {} })).toMatchObject({ ok: false, error: { message: "The engine has no request 'rm.rf'." } });
    expect(await ask(ws, { id: 2, name: 'project.read', arg: { path: 7 } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Invalid argument/) } });
    expect(await ask(ws, { id: 3, name: 'engine.info', arg: {} })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/malformed result/) } });
    ws.close();
  });

  it('closes the socket on a message with the wrong token', async () => {
    const port = await start(fakeEngine().engine);
    const ws = await open(port);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ t: 'req', token: 'guess', id: 1, name: 'templates.list', arg: {} }));
    expect(await closed).toBe(1008);
  });

  it('forwards well-formed events and unsubscribes when the page goes', async () => {
    const fake = fakeEngine();
    const port = await start(fake.engine);
    const ws = await open(port);
    const received = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    fake.emit('training.state', { runId: 'r', state: 'bogus' });
    fake.emit('training.state', { runId: 'r', state: 'running' });
    expect(await received).toEqual({ t: 'evt', name: 'training.state', payload: { runId: 'r', state: 'running' } });
    expect(fake.listenerCount()).toBe(Object.keys(events).length);
    ws.close();
    await expect.poll(() => fake.listenerCount()).toBe(0);
  });
});
