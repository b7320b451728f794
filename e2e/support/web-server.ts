import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCifarFixture } from '../../engine/data/fixtures.js';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface TestServer {
  url: string;
  /** This server's own temporary folder: data, cache, saved projects, exports. */
  dir: string;
  /** The engine's data folder (downloads, the browser-mode recovery copy). */
  cacheDir: string;
  /** Stops the server; `keepDir` leaves its folder for a restart on it (startTestServer({ dir })). */
  close(options?: { keepDir?: boolean }): Promise<void>;
}

/**
 * Starts `web-server` as `npm run web` would, on a random port, with its own temporary data
 * and cache folders and a generated CIFAR-10 fixture, and waits for the URL it prints.
 */
export async function startTestServer(options: { dir?: string } = {}): Promise<TestServer> {
  const dir = options.dir ?? await mkdtemp(join(tmpdir(), 'layerloom-e2e-'));
  const cacheDir = join(dir, 'cache');
  const cifar = options.dir ? join(dir, 'data', 'cifar-10-batches-bin') : await writeCifarFixture(join(dir, 'data'), { trainPerBatch: 100, test: 100, seed: 7 });
  // The browser suites test the app, not the backend choice (engine/ tests that): pinned, a run
  // starts without timing every backend that loads (libtensorflow, where it is built, takes seconds).
  const child = spawn(process.execPath, [join(ROOT, 'dist/engine/host/web-server.js'), '--port', '0', '--cache-dir', cacheDir, '--backend', 'wasm'], {
    cwd: dir,
    env: { ...process.env, LAYERLOOM_CIFAR10_DIR: cifar, LAYERLOOM_DATA_DIR: join(dir, 'app-data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child);
  return {
    url,
    dir,
    cacheDir,
    async close({ keepDir = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Layerloom is running at (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`web-server exited with ${code} before it was ready:\n${output}`)));
  });
}
