#!/usr/bin/env node
// npm run setup:tensorflow — makes the `tensorflow` backend available without libtensorflow's
// download: builds @tensorflow/tfjs-node@4.22.0's binding against a TensorFlow already here
// (a pip install, a wheel, or a libtensorflow folder), or against the tensorflow-cpu wheel
// pip downloads into .layerloom-tf/ (git-ignored). Idempotent: a second run checks the built
// binding loads and stops. Plain Node, no build step needed.
//
//   --from PATH      a TensorFlow wheel, a pip `tensorflow/` (or site-packages) folder, or a libtensorflow folder
//   --python PY      use PY's pip-installed TensorFlow (and PY's pip for the download)
//   --pip-spec SPEC  what pip downloads when nothing is found (default tensorflow-cpu==2.21.0 on Linux x64)
//   --no-download    fail instead of downloading a wheel
//   --force          rebuild even when a working build is in place
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bindingPathOf, buildBinding, ensurePackage, verifyBinding } from './build-binding.mjs';
import { defaultPipSpec, downloadWheel, pipTensorflowOf, sourceFromPath } from './find-tensorflow.mjs';
import { stageDeps } from './stage-deps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cacheDir = join(root, '.layerloom-tf');
const started = Date.now();

const log = (line) => console.log(`tensorflow setup: ${line}`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`tensorflow setup: FAILED — ${message}`);
  process.exit(1);
}

/** Identifies a source's content cheaply, so a rerun with the same source skips the copy. */
function identity(source) {
  const path = source.kind === 'wheel' ? source.file : join(source.dir, source.kind === 'pip-folder' ? 'libtensorflow_cc.so.2' : 'lib');
  const stat = statSync(path);
  return `${source.kind}:${path}:${stat.size}:${Math.round(stat.mtimeMs)}`;
}

function readStamp(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function findSource(opts) {
  if (opts.from !== undefined) return sourceFromPath(opts.from);
  const pythons = opts.python !== undefined ? [opts.python] : ['python3', 'python'];
  const misses = [];
  for (const python of pythons) {
    const found = pipTensorflowOf(python);
    if (found.dir !== null) return { kind: 'pip-folder', dir: found.dir, describe: `pip-installed TensorFlow of ${python} (${found.dir})` };
    misses.push(found.why);
  }
  log(`no installed TensorFlow: ${misses.join('; ')}`);
  if (opts['no-download']) throw new Error('no TensorFlow found and --no-download given; pass --from <wheel|folder> or --python <python with tensorflow>');
  return downloadWheel(join(cacheDir, 'wheels'), opts['pip-spec'] ?? defaultPipSpec(), pythons[0], log);
}

function main() {
  const { values: opts } = parseArgs({
    options: {
      from: { type: 'string' }, python: { type: 'string' }, 'pip-spec': { type: 'string' },
      'no-download': { type: 'boolean', default: false }, force: { type: 'boolean', default: false },
    },
  });
  if (process.platform !== 'linux') {
    fail(
      `building against a local TensorFlow is set up for Linux only (this is ${process.platform}); ` +
        'on macOS x64 and Windows x64 a plain `npm install` downloads a prebuilt libtensorflow for @tensorflow/tfjs-node',
    );
  }
  const { pkgDir, fetched } = ensurePackage(root, log);
  const bindingPath = bindingPathOf(pkgDir);
  const stampFile = join(pkgDir, 'deps', 'layerloom-setup.json');
  const stamp = readStamp(stampFile);

  // Fast path: nothing asked to change and the build in place loads.
  if (!opts.force && opts.from === undefined && opts.python === undefined && stamp !== null && existsSync(bindingPath)) {
    try {
      const version = verifyBinding(pkgDir);
      log(`already built (${stamp.describe}; TensorFlow ${version}); ${bindingPath} loads — nothing to do (${seconds()}). --force rebuilds`);
      return;
    } catch (err) {
      log(`the existing build does not load (${err.message.split('\n')[0]}); rebuilding`);
    }
  }

  const source = findSource(opts);
  const id = identity(source);
  const deps = join(pkgDir, 'deps');
  if (stamp?.identity === id && existsSync(join(deps, 'lib', 'libtensorflow.so')) && !opts.force) {
    log(`deps/ already holds ${source.describe}`);
  } else {
    log(`copying the TensorFlow C libraries and headers from ${source.describe} into ${deps}`);
    const bytes = stageDeps(source, deps, opts.python ?? 'python3');
    log(`copied ${(bytes / 2 ** 20).toFixed(0)} MiB of libraries (${seconds()})`);
  }

  log(`compiling the binding with node-gyp into ${bindingPath}`);
  const { nodedir } = buildBinding(pkgDir, bindingPath);
  const version = verifyBinding(pkgDir);
  writeFileSync(stampFile, `${JSON.stringify({ describe: source.describe, identity: id, tensorflow: version, binding: bindingPath }, null, 2)}\n`);
  log(
    `done in ${seconds()}: @tensorflow/tfjs-node@4.22.0${fetched ? ' (fetched)' : ''} built against TensorFlow ${version} ` +
      `from ${source.describe}, Node headers ${nodedir ?? "from node-gyp's cache"}; the 'tensorflow' backend loads`,
  );
}

try {
  main();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
