import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CifarDataError } from './cifar-data-error.js';
import { downloadCifar10 } from './download-cifar10.js';
import { writeCifarArchive, writeCifarFixture } from './fixtures.js';
import { loadCifar10 } from './load-cifar10.js';
import type { DownloadProgress } from './progress-throttle.js';

type Handler = (req: IncomingMessage, res: ServerResponse, requestNumber: number) => void;

let root: string;
let archive: Buffer;
let md5: string;
let server: Server;
let url: string;
let handler: Handler;
let requests: number;
let cacheDir: string;
let testNumber = 0;

function send(res: ServerResponse, body: Uint8Array, chunks = 8): void {
  res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(body.length) });
  const size = Math.ceil(body.length / chunks);
  for (let at = 0; at < body.length; at += size) res.write(body.subarray(at, at + size));
  res.end();
}

function corrupted(): Buffer {
  const bad = Buffer.from(archive);
  bad[bad.length - 100] = (bad[bad.length - 100] ?? 0) ^ 0xff;
  return bad;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerloom-download-'));
  const fixture = await writeCifarFixture(path.join(root, 'fixture'), { trainPerBatch: 10, test: 10 });
  const archivePath = path.join(root, 'served.tar.gz');
  md5 = await writeCifarArchive(archivePath, fixture);
  archive = await readFile(archivePath);
  server = createServer((req, res) => handler(req, res, ++requests));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cifar-10-binary.tar.gz`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  requests = 0;
  cacheDir = path.join(root, `cache-${++testNumber}`);
});

async function downloadError(options: Partial<Parameters<typeof downloadCifar10>[0]> = {}): Promise<CifarDataError> {
  const error = await downloadCifar10({ cacheDir, url, md5, retryDelayMs: 0, ...options }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CifarDataError);
  return error as CifarDataError;
}

describe('downloadCifar10', () => {
  it('downloads, checks, imports and reports throttled progress', async () => {
    handler = (_req, res) => send(res, archive, 64);
    const events: DownloadProgress[] = [];
    const dir = await downloadCifar10({ cacheDir, url, md5, onProgress: (p) => events.push(p) });

    expect(dir).toBe(path.join(cacheDir, 'cifar-10-batches-bin'));
    expect((await loadCifar10(dir)).train.count).toBe(50);
    expect(await readdir(cacheDir)).toEqual(['cifar-10-batches-bin']);
    expect(events[0]).toEqual({ receivedBytes: 0, totalBytes: archive.length });
    expect(events.at(-1)).toEqual({ receivedBytes: archive.length, totalBytes: archive.length });
    const received = events.map((e) => e.receivedBytes);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    // A local transfer takes a few 100 ms windows at most: far fewer reports than its 64 chunks.
    expect(events.length).toBeLessThan(20);
  });

  it('reports every chunk when the interval is zero', async () => {
    handler = (_req, res) => send(res, archive, 8);
    const events: DownloadProgress[] = [];
    await downloadCifar10({ cacheDir, url, md5, progressIntervalMs: 0, onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)?.receivedBytes).toBe(archive.length);
  });

  it('retries once cleanly after a checksum mismatch', async () => {
    handler = (_req, res, n) => send(res, n === 1 ? corrupted() : archive);
    const dir = await downloadCifar10({ cacheDir, url, md5 });
    expect(requests).toBe(2);
    expect((await loadCifar10(dir)).test.count).toBe(10);
    expect(await readdir(cacheDir)).toEqual(['cifar-10-batches-bin']);
  });

  it('gives up on a repeated checksum mismatch, leaving nothing behind', async () => {
    handler = (_req, res) => send(res, corrupted());
    const error = await downloadError();
    expect(requests).toBe(2);
    expect(error.file).toBe(url);
    expect(error.problem).toMatch(/MD5 checksum/);
    expect(error.problem).toContain(md5);
    expect(error.fix).toMatch(/import/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('does not retry a 404 and says what the server answered', async () => {
    handler = (_req, res) => {
      res.writeHead(404, 'Not Found');
      res.end('nope');
    };
    const error = await downloadError();
    expect(requests).toBe(1);
    expect(error.message).toContain(url);
    expect(error.problem).toMatch(/404 Not Found/);
    expect(error.fix).toMatch(/import/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('retries server errors and dropped connections', async () => {
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(503);
        res.end();
      } else if (n === 2) {
        res.writeHead(200, { 'content-length': String(archive.length) });
        res.write(archive.subarray(0, 1000));
        res.destroy();
      } else {
        send(res, archive);
      }
    };
    await downloadCifar10({ cacheDir, url, md5, retryDelayMs: 0 });
    expect(requests).toBe(3);
  });

  it('stops after the allowed retries with the last reason', async () => {
    handler = (_req, res) => {
      res.writeHead(500, 'Internal Server Error');
      res.end();
    };
    const error = await downloadError({ retries: 1 });
    expect(requests).toBe(2);
    expect(error.problem).toMatch(/tried 2 times.*500/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('stops when aborted, leaving no partial file', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': String(archive.length) });
      // Half the file, then the server stalls: only the abort can end this download.
      res.write(archive.subarray(0, archive.length / 2));
    };
    const controller = new AbortController();
    const download = downloadCifar10({
      cacheDir,
      url,
      md5,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.receivedBytes > 0) controller.abort();
      },
    });
    await expect(download).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
