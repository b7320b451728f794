import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const launcher = fileURLToPath(new URL('./launch.mjs', import.meta.url));
const root = path.resolve(path.dirname(launcher), '..');

function launch(env: Record<string, string>) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [launcher], {
    encoding: 'utf8', timeout: 30_000,
    env: { ...process.env, LAYERLOOM_LAUNCH_DRY_RUN: '1', ...env },
  });
  return { ...result, output: `${result.stdout}${result.stderr}`, seconds: (Date.now() - started) / 1000 };
}

describe('npm start launcher', () => {
  it('fails fast with one message, the fix and browser mode when Electron is missing and cannot be downloaded', () => {
    const { status, output, seconds } = launch({
      // An empty folder: no binary, whatever node_modules holds. A closed local port: the download host is unreachable.
      ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(path.join(tmpdir(), 'no-electron-')),
      LAYERLOOM_ELECTRON_PROBE_URL: 'https://127.0.0.1:9/',
      ELECTRON_GET_USE_PROXY: '', HTTPS_PROXY: '', https_proxy: '',
    });
    expect(status).toBe(1);
    expect(output).toMatch(/Layerloom cannot start: the Electron [\d.]+ binary is not installed/);
    expect(output).toContain('node node_modules/electron/install.js');
    expect(output).toContain('npm run web');
    expect(output.match(/Layerloom cannot start/g)).toHaveLength(1);
    expect(seconds).toBeLessThan(15);
  });

  it('runs the built main entry with the Electron binary it finds', (context) => {
    context.skip(!existsSync(path.join(root, 'dist/electron/main.js')) || !existsSync(path.join(root, 'dist-renderer/index.html')), 'needs `npm run build` first');
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-electron-'));
    const binary = path.join(dir, 'electron');
    writeFileSync(binary, '');
    chmodSync(binary, 0o755);
    const { status, stdout } = launch({ ELECTRON_OVERRIDE_DIST_PATH: dir });
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ binary: expect.stringContaining(dir), args: [path.join(root, 'dist/electron/main.js')] });
  });
});
