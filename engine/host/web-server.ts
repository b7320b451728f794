import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot } from '../project/templates.js';
import type { BackendName } from '../backend/index.js';
import { BACKEND_ORDER } from '../backend/index.js';
import { EngineHost } from './engine-host.js';
import { ENGINE_SOCKET_PATH } from './ws-messages.js';
import { attachEngineSocket } from './ws-transport.js';

/**
 * Browser mode: the engine host plus the built renderer on 127.0.0.1, the contract over
 * WebSocket. The random token in the printed URL is the only key to the engine.
 */

export interface WebServerOptions {
  port?: number;
  cacheDir?: string;
  dataDir?: string;
  /** The built renderer (vite build output). */
  rendererDir?: string;
  /** Pin every run to this backend (as the CLI's --backend); unpinned, runs take the fastest. */
  backend?: BackendName;
  log?: (line: string) => void;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.map': 'application/json',
};

export async function startWebServer(options: WebServerOptions = {}): Promise<RunningWebServer> {
  const rendererDir = resolve(options.rendererDir ?? join(packageRoot(), 'dist-renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${join(rendererDir, 'index.html')}). Run \`npm run build\` first.`);
  }
  const token = randomBytes(24).toString('base64url');
  const host = new EngineHost({ cacheDir: options.cacheDir, dataDir: options.dataDir, ...(options.backend && { backend: options.backend }) });
  const server = createServer((req, res) => { void serveStatic(rendererDir, req, res); });
  // Predict sends image files as base64 (the app batches them to about 8 MB per request).
  const socket = attachEngineSocket(server, { engine: host, token, log: options.log, maxPayloadBytes: 48 * 1024 * 1024 });
  await new Promise<void>((done, fail) => { server.once('error', fail); server.listen(options.port ?? 0, '127.0.0.1', done); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await host.dispose();
    },
  };
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'Method not allowed');
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (file !== root && !file.startsWith(root + sep)) return end(res, 403, 'Forbidden');
  const found = await stat(file).then((s) => s.isFile(), () => false);
  if (!found) return end(res, 404, 'Not found');
  const body = await readFile(file);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Scripts only from this server; sockets only back to it. React Flow sets inline styles.
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://${req.headers.host ?? '127.0.0.1'}${ENGINE_SOCKET_PATH}; frame-ancestors 'none'`,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function end(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      // The CIFAR-10 folder, as the CLI's --data; LAYERLOOM_CIFAR10_DIR when absent.
      data: { type: 'string' },
      // Where downloads and imports go; the per-user data folder when absent.
      'cache-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const backend = values.backend;
  if (backend !== undefined && !(BACKEND_ORDER as readonly string[]).includes(backend)) {
    throw new Error(`--backend must be one of ${BACKEND_ORDER.join(', ')}, not ${backend}.`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not ${values.port}.`);
  const running = await startWebServer({
    port, cacheDir: values['cache-dir'], dataDir: values.data, rendererDir: values['renderer-dir'],
    ...(backend !== undefined && { backend: backend as BackendName }),
    log: (line) => console.error(line),
  });
  // Tests read this line to find the server; keep its shape.
  console.log(`Layerloom is running at ${running.url}`);
  const stop = () => { void running.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
