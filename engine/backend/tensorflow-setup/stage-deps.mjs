// Copies the TensorFlow C libraries and the few headers tfjs-node's binding includes into the
// package's deps/ folder, laid out as its binding.gyp expects (deps/include, deps/lib with
// libtensorflow.so + libtensorflow_framework.so). Real copies: nothing links into a temporary
// or user folder that may later disappear. The two unversioned names are relative links
// inside deps/lib, so the linker records the real sonames (libtensorflow_cc.so.2, …).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Headers the binding reaches through tensorflow/c/c_api.h and eager/c_api.h (≈1.6 MB of 270 MB). */
export const HEADER_FOLDERS = ['tensorflow/c', 'tensorflow/core/platform', 'tsl/platform', 'xla/tsl/c', 'xla/tsl/platform'];

/** The pip package's libraries (Linux names), and the name binding.gyp links each as. */
const PIP_LIBRARIES = [
  { file: 'libtensorflow_cc.so.2', linkAs: 'libtensorflow.so' },
  { file: 'libtensorflow_framework.so.2', linkAs: 'libtensorflow_framework.so' },
];

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

function linkUnversioned(libDir) {
  for (const { file, linkAs } of PIP_LIBRARIES) symlinkSync(file, join(libDir, linkAs));
}

function fromPipFolder(dir, deps) {
  for (const { file } of PIP_LIBRARIES) {
    if (!existsSync(join(dir, file))) throw new Error(`${join(dir, file)} is missing: not a complete TensorFlow install`);
    copyFileSync(join(dir, file), join(deps, 'lib', file));
  }
  linkUnversioned(join(deps, 'lib'));
  for (const folder of HEADER_FOLDERS) {
    const from = join(dir, 'include', folder);
    if (existsSync(from)) cpSync(from, join(deps, 'include', folder), { recursive: true });
  }
}

function fromLibtensorflow(dir, deps) {
  // The official C-API archive: lib/ already has libtensorflow.so(.2) and its framework.
  cpSync(join(dir, 'lib'), join(deps, 'lib'), { recursive: true, verbatimSymlinks: true });
  cpSync(join(dir, 'include'), join(deps, 'include'), { recursive: true });
}

// Python's zipfile streams each member; a wheel is a zip of ~270 MB, most of which we skip.
const EXTRACT = `
import sys, zipfile, os, shutil
wheel, deps = sys.argv[1], sys.argv[2]
libs = {'tensorflow/' + n: 'lib/' + n for n in sys.argv[3].split(',')}
heads = ['tensorflow/include/' + h + '/' for h in sys.argv[4].split(',')]
found = set()
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name in libs:
            target = libs[name]; found.add(name)
        elif any(name.startswith(h) for h in heads) and not name.endswith('/'):
            target = 'include/' + name[len('tensorflow/include/'):]
        else:
            continue
        path = os.path.join(deps, target)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with z.open(info) as src, open(path, 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 22)
missing = sorted(set(libs) - found)
if missing:
    sys.exit('not in the wheel: ' + ', '.join(missing))
`;

function fromWheel(file, deps, python) {
  const libs = PIP_LIBRARIES.map((l) => l.file).join(',');
  const run = spawnSync(python, ['-c', EXTRACT, file, deps, libs, HEADER_FOLDERS.join(',')], { encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(`unpacking the wheel needs Python (${python}): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`unpacking ${file} failed: ${run.stderr.trim().split('\n').pop()}`);
  linkUnversioned(join(deps, 'lib'));
}

/** Replaces deps/ with the libraries and headers of `source`; returns the bytes copied. */
export function stageDeps(source, deps, python) {
  fresh(join(deps, 'lib'));
  fresh(join(deps, 'include'));
  if (source.kind === 'pip-folder') fromPipFolder(source.dir, deps);
  else if (source.kind === 'libtensorflow') fromLibtensorflow(source.dir, deps);
  else fromWheel(source.file, deps, python);
  if (!existsSync(join(deps, 'include', 'tensorflow', 'c', 'c_api.h'))) {
    throw new Error(`${source.describe} has no tensorflow/c/c_api.h header (a TensorFlow without its C API headers)`);
  }
  return readdirSync(join(deps, 'lib')).reduce((sum, f) => sum + lstatSync(join(deps, 'lib', f)).size, 0);
}
