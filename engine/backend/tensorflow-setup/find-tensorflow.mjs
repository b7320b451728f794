// Where the TensorFlow C libraries come from: a folder or wheel the user names, a pip-installed
// TensorFlow (found through a Python interpreter), or, failing those, a wheel pip downloads into
// a git-ignored cache. Each source says what it is, so the setup can report what it did.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/**
 * @typedef {{ kind: 'pip-folder', dir: string, describe: string }
 *   | { kind: 'libtensorflow', dir: string, describe: string }
 *   | { kind: 'wheel', file: string, describe: string }} TensorflowSource
 */

/** The wheel pip downloads when nothing else is found (the .so files and headers are all we need). */
export function defaultPipSpec() {
  // tensorflow-cpu exists for Linux x64 only; elsewhere the plain package is the CPU build.
  return process.platform === 'linux' && process.arch === 'x64' ? 'tensorflow-cpu==2.21.0' : 'tensorflow==2.21.0';
}

/** Classifies a path the user gave (--from): a wheel, a pip `tensorflow/` folder or a libtensorflow folder. */
export function sourceFromPath(path) {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`--from ${path}: no such file or folder`);
  if (statSync(full).isFile()) {
    if (!full.endsWith('.whl')) throw new Error(`--from ${path}: a file must be a TensorFlow wheel (.whl)`);
    return { kind: 'wheel', file: full, describe: `wheel ${full}` };
  }
  if (existsSync(join(full, 'libtensorflow_cc.so.2')) || existsSync(join(full, 'libtensorflow_cc.2.dylib'))) {
    return { kind: 'pip-folder', dir: full, describe: `TensorFlow folder ${full}` };
  }
  // A site-packages folder: the tensorflow package inside it.
  if (existsSync(join(full, 'tensorflow', 'libtensorflow_cc.so.2'))) {
    return { kind: 'pip-folder', dir: join(full, 'tensorflow'), describe: `TensorFlow folder ${join(full, 'tensorflow')}` };
  }
  if (existsSync(join(full, 'include', 'tensorflow', 'c', 'c_api.h')) && existsSync(join(full, 'lib'))) {
    return { kind: 'libtensorflow', dir: full, describe: `libtensorflow folder ${full}` };
  }
  throw new Error(
    `--from ${path}: not a TensorFlow wheel, a pip-installed tensorflow/ folder (with libtensorflow_cc.so.2) ` +
      'or a libtensorflow folder (with include/tensorflow/c/c_api.h and lib/)',
  );
}

/**
 * The folder of a pip-installed TensorFlow seen by `python`, or null (with why) if it has none.
 * find_spec, not `import tensorflow`: it answers in milliseconds instead of seconds.
 */
export function pipTensorflowOf(python) {
  const script =
    'import importlib.util, sys\n' +
    "s = importlib.util.find_spec('tensorflow')\n" +
    "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')";
  const run = spawnSync(python, ['-c', script], { encoding: 'utf8' });
  if (run.error !== undefined) return { dir: null, why: `${python} not found` };
  if (run.status !== 0) return { dir: null, why: `${python} failed: ${run.stderr.trim().split('\n').pop()}` };
  const dir = run.stdout.trim();
  if (dir === '') return { dir: null, why: `${python} has no tensorflow package` };
  if (!existsSync(join(dir, 'libtensorflow_cc.so.2')) && !existsSync(join(dir, 'libtensorflow_cc.2.dylib'))) {
    return { dir: null, why: `${python}'s tensorflow (${dir}) has no libtensorflow_cc (too old: TensorFlow ≥ 2.12 ships it)` };
  }
  return { dir, why: '' };
}

/** A wheel already in the cache folder, or one pip downloads there (no dependencies: only its files are used). */
export function downloadWheel(cacheDir, spec, python, log) {
  mkdirSync(cacheDir, { recursive: true });
  const cached = () => readdirSync(cacheDir).filter((f) => f.endsWith('.whl') && f.startsWith(spec.split('==')[0].replace(/-/g, '_')));
  let wheels = cached();
  if (wheels.length === 0) {
    log(`downloading ${spec} with pip (the wheel only, no install) into ${cacheDir}`);
    const run = spawnSync(python, ['-m', 'pip', 'download', spec, '--no-deps', '--only-binary=:all:', '-d', cacheDir], {
      encoding: 'utf8',
    });
    if (run.error !== undefined || run.status !== 0) {
      const why = run.error?.message ?? run.stderr.trim().split('\n').pop();
      throw new Error(`pip download ${spec} failed: ${why}. Install TensorFlow with pip, or pass --from <wheel|folder>`);
    }
    wheels = cached();
  }
  const wheel = wheels.sort().pop();
  if (wheel === undefined) throw new Error(`pip reported success but no ${spec} wheel is in ${cacheDir}`);
  return { kind: 'wheel', file: join(cacheDir, wheel), describe: `wheel ${basename(wheel)} (pip download ${spec})` };
}
