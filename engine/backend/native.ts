// Loads the optional libtensorflow bindings (@tensorflow/tfjs-node[-gpu]) if they are there.
// They are optionalDependencies whose install downloads libtensorflow; where that download
// fails npm drops the package (MODULE_NOT_FOUND) or, with --ignore-scripts, keeps it without
// its addon (a different error). Both must end in a reason, never a crash. createRequire, not
// a static import, so the engine compiles and runs without them.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '../tf.js';
import { firstLine } from './first-line.js';
import { checkGpu, type GpuCheck } from './gpu-check.js';

export type NativeBackendName = 'tensorflow-gpu' | 'tensorflow';

export const NATIVE_PACKAGES: Record<NativeBackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

const WHAT_IS_LOST: Record<NativeBackendName, string> = {
  'tensorflow-gpu': 'GPU training unavailable',
  tensorflow: 'native CPU training unavailable',
};

/** How packages are found and loaded; tests pass a fake to reach the failure paths. */
export interface NativeLoader {
  /** Entry file of the package; throws if it is not installed. */
  resolve(pkg: string): string;
  /** Loads the package (which registers the 'tensorflow' backend); throws if the addon fails. */
  load(pkg: string): void;
  /** Where the package's own `@tensorflow/tfjs` resolves to, or null if unknown. */
  tfjsSeenBy(entry: string): string | null;
  /** Where ours resolves to. */
  ourTfjs(): string | null;
  /** The GPU and its CUDA libraries (gpu-check.ts); absent: the GPU package's reasons stay generic. */
  checkGpu?(): GpuCheck;
}

const localRequire = createRequire(import.meta.url);

function tryResolve(fromFile: string, pkg: string): string | null {
  try {
    return createRequire(fromFile).resolve(pkg);
  } catch {
    return null;
  }
}

/**
 * Where the package's addon should be, by its own rule (node-pre-gyp's napi-vN folder), or null
 * if that cannot be worked out. Checked before loading: a package without its addon registers
 * all its kernels and only then throws, leaving them behind for the next package to collide with.
 */
export function addonPathOf(entry: string): string | null {
  try {
    const pkgJson = join(dirname(entry), '..', 'package.json');
    const preGyp = createRequire(pkgJson)('@mapbox/node-pre-gyp') as { find(packageJson: string): string };
    return preGyp.find(pkgJson);
  } catch {
    return null;
  }
}

export const nodeNativeLoader: NativeLoader = {
  resolve: (pkg) => localRequire.resolve(pkg),
  load: (pkg) => {
    const addon = addonPathOf(localRequire.resolve(pkg));
    if (addon !== null && !existsSync(addon)) {
      throw new Error(
        `${pkg} is installed without its native addon (${addon}): its libtensorflow download failed; ` +
          (pkg.endsWith('-gpu') ? 'see the README (GPU requirements)' : 'run npm run setup:tensorflow'),
      );
    }
    // TensorFlow's own INFO lines at start-up (which CPU instructions it was built for).
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
    localRequire(pkg);
  },
  tfjsSeenBy: (entry) => tryResolve(entry, '@tensorflow/tfjs'),
  ourTfjs: () => tryResolve(import.meta.url, '@tensorflow/tfjs'),
  checkGpu: () => checkGpu(),
};

/** Which package registered the process's one 'tensorflow' backend, per loader. */
const loadedBy = new WeakMap<NativeLoader, NativeBackendName>();

/**
 * The GPU package's failure, told from the GPU's side where one is visible: "NVIDIA GPU found
 * (…), but libcudnn.so.8 (cuDNN 8.1) is missing: install …" says what to do; the package's own
 * error (or none, when libtensorflow quietly falls back to the CPU) does not.
 */
function gpuReason(loader: NativeLoader, fallback: string, packageMissing: boolean): string {
  const check = loader.checkGpu?.();
  if (check === undefined || !check.visible) return fallback;
  if (check.problem !== null) return packageMissing ? `${check.problem}; then npm install @tensorflow/tfjs-node-gpu` : check.problem;
  const where = check.gpus.join(', ') || 'driver loaded';
  return packageMissing
    ? `NVIDIA GPU found (${where}) and its CUDA libraries are in place, but @tensorflow/tfjs-node-gpu is not installed: npm install @tensorflow/tfjs-node-gpu`
    : `NVIDIA GPU found (${where}), but libtensorflow could not use it (${fallback}); run npx layerloom doctor`;
}

export type Attempt = { ok: true } | { ok: false; reason: string };

/**
 * Whether the package is worth loading, judged without loading it (libtensorflow takes ~350 MB
 * of memory once loaded and cannot be unloaded): installed, and on the engine's own TF.js.
 */
export function nativePackageUsable(name: NativeBackendName, loader: NativeLoader): Attempt {
  const pkg = NATIVE_PACKAGES[name];
  let entry: string;
  try {
    entry = loader.resolve(pkg);
  } catch {
    const reason = `${pkg} is not installed (its libtensorflow download failed or it was not installed); ${WHAT_IS_LOST[name]}`;
    return { ok: false, reason: name === 'tensorflow-gpu' ? gpuReason(loader, reason, true) : reason };
  }
  // The package registers onto whichever @tensorflow/tfjs it resolves. If that is not ours
  // (a second copy, e.g. after a version bump on one side only), its backend and kernels land
  // beside the engine's tfjs instead of in it: refuse rather than train on a split state.
  const theirs = loader.tfjsSeenBy(entry);
  const ours = loader.ourTfjs();
  if (theirs !== null && ours !== null && theirs !== ours) {
    return {
      ok: false,
      reason: `${pkg} resolves its own copy of @tensorflow/tfjs (${theirs}), not the engine's; run npm dedupe`,
    };
  }
  return { ok: true };
}

/** Loads one native package and switches TF.js to its 'tensorflow' backend. */
export async function startNativeBackend(name: NativeBackendName, loader: NativeLoader): Promise<Attempt> {
  const pkg = NATIVE_PACKAGES[name];
  // The GPU package already holds the one 'tensorflow' backend (it found no GPU): that
  // libtensorflow runs on the CPU as well as tfjs-node's would, and a second cannot load.
  if (name === 'tensorflow' && loadedBy.get(loader) === 'tensorflow-gpu') {
    return (await tf.setBackend('tensorflow')) ? { ok: true } : { ok: false, reason: `@tensorflow/tfjs-node-gpu's backend failed to initialise` };
  }
  const usable = nativePackageUsable(name, loader);
  if (!usable.ok) return usable;
  const registeredBefore = tf.findBackendFactory('tensorflow') !== null;
  try {
    loader.load(pkg);
  } catch (err) {
    const reason = `native addon failed to load: ${firstLine(err)}`;
    return { ok: false, reason: name === 'tensorflow-gpu' ? gpuReason(loader, reason, false) : reason };
  }
  if (tf.findBackendFactory('tensorflow') === null) {
    return { ok: false, reason: `${pkg} loaded but registered no 'tensorflow' backend` };
  }
  if (await tf.setBackend('tensorflow')) {
    loadedBy.set(loader, name);
    // libtensorflow's GPU build starts on the CPU when a CUDA library is missing, saying so only
    // in its log: refuse it as the GPU backend (it stays usable as 'tensorflow').
    if (name === 'tensorflow-gpu' && (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === false) {
      return { ok: false, reason: gpuReason(loader, 'libtensorflow found no usable GPU and would train on the CPU', false) };
    }
    return { ok: true };
  }
  // Drop a half-working registration so the next package can register its own factory.
  if (!registeredBefore) tf.removeBackend('tensorflow');
  return { ok: false, reason: `${pkg} loaded but its 'tensorflow' backend failed to initialise` };
}
