#!/usr/bin/env node
// Builds Layerloom's optional native kernels (engine/native/kernels.cc and the op families it calls) into
// dist/native/layerloom_kernels.node with the system C++ compiler and Node's own headers.
// Runs on every `npm install` (prepare) and build. Without --required it never fails: where
// there is no compiler or no headers it says so in one line and training uses the WASM
// kernels. --portable builds for any CPU of the architecture (installers) instead of this
// machine's (-march=native: AVX2/FMA where the CPU has them); on x86-64 it adds an AVX2/FMA
// variant that the loader picks on CPUs that have them (about 2× the baseline's speed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nativeDir = join(root, 'engine', 'native');
// The glue and the kernels it calls, compiled together into one addon.
const sources = [
  'kernels.cc', 'norm/batchnorm.cc', 'norm/batchnorm-ref.cc', 'elementwise/strided-copy.cc', 'elementwise/strided-copy-ref.cc',
  'elementwise/activations.cc', 'elementwise/activations-ref.cc',
].map((f) => join(nativeDir, f));
const headers = ['norm/batchnorm.h', 'elementwise/strided-copy.h', 'elementwise/activations.h'].map((f) => join(nativeDir, f));
const target = join(root, 'dist', 'native', 'layerloom_kernels.node');
// Only --portable writes it; a machine-specific build removes a stale one.
const avx2Target = join(root, 'dist', 'native', 'layerloom_kernels-avx2.node');
const required = process.argv.includes('--required');
const portable = process.argv.includes('--portable');

function done(ok, message) {
  console.log(`native kernels: ${message}`);
  process.exit(ok || !required ? 0 : 1);
}

if (process.env.LAYERLOOM_NATIVE === 'off') done(true, 'not built (LAYERLOOM_NATIVE=off); training uses the WASM kernels');
if (process.platform === 'win32') {
  done(false, 'not built on Windows (needs MSVC and node.lib; not set up yet); training uses the WASM kernels');
}

// Node's headers: npm's nodedir setting, the install's include/ folder, node-gyp's cache.
const headerDirs = [
  process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
  resolve(dirname(process.execPath), '..', 'include', 'node'),
  join(homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
].filter(Boolean);
const nodeHeaders = headerDirs.find((dir) => existsSync(join(dir, 'node_api.h')));
if (nodeHeaders === undefined) {
  done(false, `not built: node_api.h not found in ${headerDirs.join(', ')}; training uses the WASM kernels`);
}

const newestSource = Math.max(...[...sources, ...headers].map((f) => statSync(f).mtimeMs));
if (existsSync(target) && statSync(target).mtimeMs > newestSource && !process.argv.includes('--force')) {
  done(true, `up to date (${target})`);
}

const compiler = process.env.CXX ?? 'c++';
const common = [
  '-O3', '-std=c++17', '-fPIC', '-shared', '-pthread', '-fvisibility=hidden',
  '-DNODE_GYP_MODULE_NAME=layerloom_kernels', `-I${nodeHeaders}`,
  // N-API symbols come from the Node or Electron binary that loads the addon.
  ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
];
// This machine's instruction set: -march=native on x86, -mcpu=native on ARM (what both GCC
// and Clang accept there); where the compiler refuses it, the portable flags (none) instead.
const nativeFlags = process.arch === 'arm64' || process.arch === 'arm' ? ['-mcpu=native'] : ['-march=native'];
const builds = portable
  ? [{ file: target, flags: [[]] }, ...(process.arch === 'x64' ? [{ file: avx2Target, flags: [['-mavx2', '-mfma']] }] : [])]
  : [{ file: target, flags: [nativeFlags, []] }];
mkdirSync(dirname(target), { recursive: true });
const started = Date.now();
for (const build of builds) {
  const partial = `${build.file}.${process.pid}.tmp`;
  let result;
  for (const flags of build.flags) {
    result = spawnSync(compiler, [...common, ...flags, ...sources, '-o', partial], { encoding: 'utf8' });
    if (result.error === undefined && result.status === 0) break;
  }
  if (result.error !== undefined || result.status !== 0) {
    rmSync(partial, { force: true });
    const why = result.error?.message ?? (result.stderr.trim().split('\n')[0] || `${compiler} exited with ${result.status}`);
    done(false, `not built (${why}); training uses the WASM kernels. Install a C++ compiler (g++ or clang) and run npm run build:native`);
  }
  renameSync(partial, build.file);
}
if (!portable) rmSync(avx2Target, { force: true });
const what = builds.map((b) => b.file).join(' and ');
done(true, `built ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s${portable ? ' (portable)' : ''}`);
