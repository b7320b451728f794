import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EngineApi, EventName, RequestName } from './contract.js';
import { events, isRequestName, requests } from './contract.js';
import { toErrorReply } from './errors.js';
import type { ServerMessage } from './ws-messages.js';
import { clientMessageSchema, ENGINE_SOCKET_PATH } from './ws-messages.js';

export interface EngineSocketOptions {
  engine: EngineApi;
  /** Every connection and every message must carry it: other pages on this machine cannot guess it. */
  token: string;
  /** Largest request a client may send; projects are a few KB. */
  maxPayloadBytes?: number;
  log?: (line: string) => void;
}

/**
 * Exposes an EngineApi over WebSocket on `server`. Each message is checked against the contract:
 * unknown names, malformed arguments and wrong tokens never reach the engine, and results and
 * events are checked before they leave, so a bug on one side shows up as a clear error.
 */
export function attachEngineSocket(server: Server, options: EngineSocketOptions): { close(): Promise<void> } {
  const { engine, token, maxPayloadBytes = 4 * 1024 * 1024, log = () => {} } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: string) => { socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`); };
    if (url.pathname !== ENGINE_SOCKET_PATH) return refuse('404 Not Found');
    if (!sameToken(url.searchParams.get('token') ?? '', token)) return refuse('401 Unauthorized');
    // A page on another origin could know the token only by being handed it; refuse it anyway.
    if (req.headers.origin !== undefined && !isLocalOrigin(req.headers.origin, req.headers.host)) return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, engine, token, log));
  };
  server.on('upgrade', onUpgrade);

  return {
    close: () => new Promise<void>((resolve) => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
  };
}

function serveConnection(ws: WebSocket, engine: EngineApi, token: string, log: (line: string) => void): void {
  const send = (message: ServerMessage) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message)); };
  const unsubscribers = (Object.keys(events) as EventName[]).map((name) =>
    engine.subscribe(name, (payload) => {
      const checked = events[name].safeParse(payload);
      if (!checked.success) return log(`Dropped a malformed '${name}' event from the engine: ${checked.error.message}`);
      send({ t: 'evt', name, payload: checked.data });
    }));
  ws.on('close', () => { for (const off of unsubscribers) off(); });

  ws.on('message', (data) => {
    let raw: unknown;
    try { raw = JSON.parse(String(data)); } catch { return ws.close(1003, 'Messages must be JSON.'); }
    const message = clientMessageSchema.safeParse(raw);
    if (!message.success) return ws.close(1003, 'Malformed message.');
    if (!sameToken(message.data.token, token)) return ws.close(1008, 'Wrong token.');
    const { id, name, arg } = message.data;
    const fail = (text: string, fix: string) => send({ t: 'res', id, ok: false, error: { message: text, fix } });
    if (!isRequestName(name)) return fail(`The engine has no request '${name}'.`, 'Use the same Layerloom version for the page and the server.');
    const parsedArg = requests[name].arg.safeParse(arg);
    if (!parsedArg.success) return fail(`Invalid argument for '${name}': ${parsedArg.error.issues[0]?.message ?? 'invalid'}.`, 'This is a bug in the page; reload it.');
    void handle(engine, name, parsedArg.data).then(
      (result) => send({ t: 'res', id, ok: true, result }),
      (error: unknown) => {
        const { message: text, fix } = toErrorReply(error);
        fail(text, fix);
      });
  });
}

async function handle(engine: EngineApi, name: RequestName, arg: unknown): Promise<unknown> {
  // The generic signature cannot follow a runtime name; the argument was checked against its schema above.
  const result = await (engine.request as (n: RequestName, a: unknown) => Promise<unknown>)(name, arg);
  const checked = requests[name].result.safeParse(result);
  if (!checked.success) throw new Error(`The engine answered '${name}' with a malformed result: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
  return checked.data;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isLocalOrigin(origin: string, host: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return url.host === host && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}
