// Gets @tensorflow/tfjs-node's files without its install script (which downloads libtensorflow)
// and compiles its binding with node-gyp, offline, against Node's own headers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export const TFJS_NODE_VERSION = '4.22.0';

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error !== undefined) throw new Error(`${command} could not be started: ${result.error.message}`);
  return result;
}

function lastLines(text, n = 6) {
  return text.trim().split('\n').slice(-n).join('\n');
}

function versionAt(pkgDir) {
  try {
    return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** npm itself: the one running this script (npm run) or the one beside node. */
function npmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && execPath.endsWith('.js')) return [process.execPath, [execPath]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

/**
 * Makes node_modules/@tensorflow/tfjs-node hold version 4.22.0's files and dependencies.
 * `npm install --ignore-scripts` of an optionalDependency also adds the other missing one
 * (tfjs-node-gpu), unbuilt: removed again, so the engine does not try a package that cannot load.
 */
export function ensurePackage(root, log) {
  const pkgDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
  const gpuDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node-gpu');
  const dependenciesPresent = () => {
    try {
      createRequire(join(pkgDir, 'package.json')).resolve('google-protobuf');
      createRequire(join(pkgDir, 'package.json')).resolve('@mapbox/node-pre-gyp');
      return true;
    } catch {
      return false;
    }
  };
  if (versionAt(pkgDir) === TFJS_NODE_VERSION && existsSync(join(pkgDir, 'binding.gyp')) && dependenciesPresent()) {
    return { pkgDir, fetched: false };
  }
  const gpuBefore = existsSync(gpuDir);
  log(`fetching @tensorflow/tfjs-node@${TFJS_NODE_VERSION} with npm (without its libtensorflow download)`);
  const [npm, pre] = npmCommand();
  const args = [...pre, 'install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `@tensorflow/tfjs-node@${TFJS_NODE_VERSION}`];
  const result = run(npm, args, { cwd: root });
  if (result.status !== 0) throw new Error(`npm ${args.slice(pre.length).join(' ')} failed:\n${lastLines(result.stderr)}`);
  if (!gpuBefore && existsSync(gpuDir) && !existsSync(join(gpuDir, 'lib'))) rmSync(gpuDir, { recursive: true, force: true });
  if (versionAt(pkgDir) !== TFJS_NODE_VERSION) throw new Error(`npm finished but ${pkgDir} does not hold version ${TFJS_NODE_VERSION}`);
  return { pkgDir, fetched: true };
}

/** Where the package will look for its addon (node-pre-gyp's rule: the highest N-API version both support). */
export function bindingPathOf(pkgDir) {
  const preGyp = createRequire(join(pkgDir, 'package.json'))('@mapbox/node-pre-gyp');
  return preGyp.find(join(pkgDir, 'package.json'));
}

/** node-gyp: npm's setting when run through npm, else the copy inside npm, else one on PATH. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    resolve(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter((p) => p !== undefined && existsSync(p));
  return candidates.length > 0 ? [process.execPath, [candidates[0]]] : ['node-gyp', []];
}

/** Node's headers for an offline build: npm's nodedir, or the install's own include/node. */
export function nodeHeadersDir() {
  const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..')].filter(
    (d) => d !== undefined && d !== '',
  );
  return candidates.find((d) => existsSync(join(d, 'include', 'node', 'node_api.h'))) ?? null;
}

export function buildBinding(pkgDir, bindingPath) {
  const napi = /napi-v(\d+)/.exec(bindingPath)?.[1];
  if (napi === undefined) throw new Error(`unexpected binding path ${bindingPath} (no napi-vN folder)`);
  const nodedir = nodeHeadersDir();
  const [gyp, pre] = nodeGyp();
  // Without a nodedir, node-gyp would try to download Node's headers (no network for that here).
  const headers = nodedir === null ? [] : [`--nodedir=${nodedir}`];
  const args = [
    ...pre, 'rebuild', ...headers, `--jobs=max`,
    `--napi_build_version=${napi}`, '--module_name=tfjs_binding', `--module_path=${dirname(bindingPath)}`,
  ];
  const result = run(gyp, args, { cwd: pkgDir });
  if (result.status !== 0) {
    const hint = nodedir === null ? " (Node's headers were not found next to node: install nodejs-dev / node headers, or set npm_config_nodedir)" : '';
    throw new Error(`node-gyp failed${hint}:\n${lastLines(result.stderr + result.stdout, 12)}`);
  }
  if (!existsSync(bindingPath)) throw new Error(`node-gyp succeeded but ${bindingPath} was not written`);
  // The intermediate objects are ~10 MB and never used again.
  rmSync(join(pkgDir, 'build'), { recursive: true, force: true });
  return { nodedir };
}

/** Loads the package in a fresh Node and runs one op; returns libtensorflow's version or throws. */
export function verifyBinding(pkgDir) {
  const script =
    `const tf = require(${JSON.stringify(pkgDir)});` +
    "tf.setBackend('tensorflow').then(() => {" +
    "  const v = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).dataSync()[0];" +
    "  if (v !== 2) throw new Error('matMul gave ' + v);" +
    '  console.log(tf.backend().binding.TF_Version);' +
    '}).catch((e) => { console.error(e.message); process.exit(1); });';
  const result = run(process.execPath, ['-e', script], { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '1' } });
  if (result.status !== 0) throw new Error(`the built binding does not load: ${lastLines(result.stderr, 3)}`);
  return result.stdout.trim().split('\n').pop();
}
