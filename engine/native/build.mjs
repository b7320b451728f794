#!/usr/bin/env node
// Builds Layerloom's optional native kernels (every .cc under engine/native: one folder per
// op family, common/ and the N-API glue addon.cc) into dist/native/layerloom_kernels.node
// with the system C++ compiler and Node's own headers. A new family only adds files.
// Runs on every `npm install` (prepare) and build. Without --required it never fails: where
// there is no compiler or no headers it says so in one line and training uses the WASM
// kernels. --portable builds for any CPU of the architecture (installers) instead of this
// machine's (-march=native: AVX2/FMA or AVX-512 where the CPU has them); on x86-64 it adds
// AVX-512 and AVX2/FMA variants, and the loader picks the fastest the CPU runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nativeDir = join(root, 'engine', 'native');
// Every source under engine/native, in a stable order: the .cc files are compiled, and any
// change to one of them, a header or this script makes the build stale.
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
const inputs = [...filesUnder(nativeDir).filter((f) => /\.(cc|h)$/.test(f)), fileURLToPath(import.meta.url)];
const sources = inputs.filter((f) => f.endsWith('.cc'));
const target = join(root, 'dist', 'native', 'layerloom_kernels.node');
// x86-64 variants beside the baseline, fastest first (the names the addon's cpuVariants()
// returns). Only --portable writes them; a machine-specific build removes stale ones.
const avx2 = ['-mavx2', '-mfma'];
const variants = [
  { name: 'avx512', flags: [...avx2, '-mavx512f', '-mavx512vl', '-mavx512bw', '-mavx512dq'] },
  { name: 'avx2', flags: avx2 },
].map((v) => ({ ...v, file: join(root, 'dist', 'native', `layerloom_kernels-${v.name}.node`) }));
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
const headers = headerDirs.find((dir) => existsSync(join(dir, 'node_api.h')));
if (headers === undefined) {
  done(false, `not built: node_api.h not found in ${headerDirs.join(', ')}; training uses the WASM kernels`);
}

const newestInput = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
if (existsSync(target) && statSync(target).mtimeMs > newestInput && !process.argv.includes('--force')) {
  done(true, `up to date (${target})`);
}

const compiler = process.env.CXX ?? 'c++';
const compileFlags = [
  '-O3', '-std=c++17', '-fPIC', '-pthread', '-fvisibility=hidden',
  // No errno from sqrt and friends (nothing reads it): without this GCC keeps such loops scalar.
  '-fno-math-errno',
  '-DNODE_GYP_MODULE_NAME=layerloom_kernels', `-I${headers}`, `-I${nativeDir}`,
];
const linkFlags = [
  '-shared', '-pthread',
  // N-API symbols come from the Node or Electron binary that loads the addon.
  ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
];

/** Runs the compiler; resolves to { status, stderr, error }. */
function run(args) {
  return new Promise((resolvePromise) => {
    const child = spawn(compiler, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolvePromise({ status: null, stderr, error }));
    child.on('close', (status) => resolvePromise({ status, stderr, error: undefined }));
  });
}

/** Every source to an object file, as many at once as there are cores, then one link. */
async function compileAndLink(flags, output) {
  const objDir = mkdtempSync(join(dirname(output), 'obj-'));
  try {
    const objects = sources.map((src, i) => join(objDir, `${i}.o`));
    let next = 0;
    let failed;
    const worker = async () => {
      while (failed === undefined && next < sources.length) {
        const i = next++;
        const result = await run([...compileFlags, ...flags, '-c', sources[i], '-o', objects[i]]);
        if (result.error !== undefined || result.status !== 0) failed ??= result;
      }
    };
    await Promise.all(Array.from({ length: Math.min(availableParallelism(), sources.length) }, worker));
    return failed ?? (await run([...linkFlags, ...flags, ...objects, '-o', output]));
  } finally {
    rmSync(objDir, { recursive: true, force: true });
  }
}
// This machine's instruction set: -march=native on x86, -mcpu=native on ARM (what both GCC
// and Clang accept there); where the compiler refuses it, the portable flags (none) instead.
const nativeFlags = process.arch === 'arm64' || process.arch === 'arm' ? ['-mcpu=native'] : ['-march=native'];
const builds = portable
  ? [{ file: target, flags: [[]] }, ...(process.arch === 'x64' ? variants.map((v) => ({ file: v.file, flags: [v.flags] })) : [])]
  : [{ file: target, flags: [nativeFlags, []] }];
mkdirSync(dirname(target), { recursive: true });
const started = Date.now();
for (const build of builds) {
  const partial = `${build.file}.${process.pid}.tmp`;
  let result;
  for (const flags of build.flags) {
    result = await compileAndLink(flags, partial);
    if (result.error === undefined && result.status === 0) break;
  }
  if (result.error !== undefined || result.status !== 0) {
    rmSync(partial, { force: true });
    // The first line that names an error (with many sources the first line is often "In file included from").
    const lines = result.stderr?.trim().split('\n') ?? [];
    const why = result.error?.message ?? (lines.find((l) => /error/i.test(l)) ?? lines[0] ?? `${compiler} exited with ${result.status}`);
    done(false, `not built (${why}); training uses the WASM kernels. Install a C++ compiler (g++ or clang) and run npm run build:native`);
  }
  renameSync(partial, build.file);
}
if (!portable) for (const v of variants) rmSync(v.file, { force: true });
const what = builds.map((b) => b.file).join(' and ');
done(true, `built ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s${portable ? ' (portable)' : ''}`);
