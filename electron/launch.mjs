#!/usr/bin/env node
// `npm start`, after the build: launch the desktop app with the Electron binary from
// node_modules. npm here never runs Electron's install script (package.json allowScripts), so
// the binary may be missing: then try Electron's own downloader once, and if that cannot work
// say so in one message with the fix, and point to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainEntry = path.join(root, 'dist', 'electron', 'main.js');
const rendererEntry = path.join(root, 'dist-renderer', 'index.html');
const env = process.env;
const PROBE_TIMEOUT_MS = 5_000;
const DOWNLOAD_TIMEOUT_MS = Number(env.LAYERLOOM_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 10 * 60_000);

/** The Electron binary's path if it is there, else null (and why). */
function findElectron() {
  try {
    const binary = require('electron');
    return existsSync(binary) ? { binary } : { binary: null, why: `${binary} does not exist` };
  } catch {
    // electron/index.js throws when its install script never ran (no path.txt, no dist/).
    return { binary: null, why: 'node_modules/electron/dist is missing because its install script did not run' };
  }
}

/** Resolves to null when the download host answers at all, else to why not (fast, before a long download). */
function probe(url) {
  return new Promise((resolve) => {
    const req = request(url, { method: 'HEAD', timeout: PROBE_TIMEOUT_MS }, (res) => { res.resume(); resolve(null); });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${new URL(url).host} within ${PROBE_TIMEOUT_MS / 1000} s`)));
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}

async function download() {
  if (env.LAYERLOOM_ELECTRON_NO_DOWNLOAD) return 'downloads are switched off (LAYERLOOM_ELECTRON_NO_DOWNLOAD)';
  const usesProxy = Boolean(env.ELECTRON_GET_USE_PROXY || env.HTTPS_PROXY || env.https_proxy);
  const host = env.LAYERLOOM_ELECTRON_PROBE_URL ?? env.ELECTRON_MIRROR ?? env.electron_config_mirror ?? 'https://github.com/electron/electron/releases';
  if (!usesProxy) {
    const unreachable = await probe(host);
    if (unreachable) return unreachable;
  }
  console.log(`Layerloom: downloading the Electron binary (about 100 MB, once)…`);
  const installer = require.resolve('electron/install.js');
  const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], timeout: DOWNLOAD_TIMEOUT_MS, encoding: 'utf8' });
  if (result.error) return result.error.message;
  if (result.status !== 0) return (result.stderr || `exit code ${result.status}`).trim().split('\n')[0];
  return null;
}

function fail(lines) {
  console.error(lines.join('\n'));
  process.exit(1);
}

let { binary, why } = findElectron();
if (!binary) {
  const problem = await download();
  ({ binary } = findElectron());
  if (!binary) {
    const version = require('electron/package.json').version;
    fail([
      '',
      `Layerloom cannot start: the Electron ${version} binary is not installed (${why}), and getting it failed: ${problem ?? 'unknown reason'}.`,
      '',
      '  Fix: with internet access run `node node_modules/electron/install.js` (set ELECTRON_MIRROR to use a mirror),',
      `       or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron ${version} build; then \`npm start\` again.`,
      '  Meanwhile `npm run web` runs Layerloom in your browser, with the same engine.',
      '',
    ]);
  }
}

for (const [file, fix] of [[mainEntry, 'npm run build'], [rendererEntry, 'npm run build (it builds the renderer into dist-renderer/)']]) {
  if (!existsSync(file)) fail([`Layerloom cannot start: ${path.relative(root, file)} is missing. Run \`${fix}\` first.`]);
}

const childEnv = { ...env };
delete childEnv.ELECTRON_RUN_AS_NODE;
const args = [mainEntry, ...process.argv.slice(2)];
if (env.LAYERLOOM_LAUNCH_DRY_RUN) {
  console.log(JSON.stringify({ binary, args }));
  process.exit(0);
}
const child = spawn(binary, args, { stdio: 'inherit', env: childEnv, windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { if (!child.killed) child.kill(signal); });
}
child.on('error', (error) => fail([`Layerloom cannot start Electron (${binary}): ${error.message}`]));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
