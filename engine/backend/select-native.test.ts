// The native paths, reached with a fake package loader (the real packages cannot install here).
import * as tf from '../tf.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { NativeLoader } from './native.js';
import { selectBackendWith } from './select.js';

const TFJS = '/app/node_modules/@tensorflow/tfjs/dist/tf.node.js';

function fakeLoader(overrides: Partial<NativeLoader>): NativeLoader {
  return {
    resolve: (pkg) => `/app/node_modules/${pkg}/dist/index.js`,
    load: () => undefined,
    tfjsSeenBy: () => TFJS,
    ourTfjs: () => TFJS,
    ...overrides,
  };
}

/** Registers a stand-in 'tensorflow' backend, as @tensorflow/tfjs-node does on require. */
function registerStandInTensorflowBackend(): void {
  tf.registerBackend('tensorflow', () => {
    const cpu = tf.findBackend('cpu');
    if (cpu === null) throw new Error('cpu backend missing');
    return new (cpu.constructor as new () => tf.KernelBackend)();
  });
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  await tf.setBackend('cpu');
});

describe('native backend selection', () => {
  it('reports an addon that fails to load by its first error line and falls back', async () => {
    const loader = fakeLoader({
      load: () => {
        throw new Error("Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'\nRequire stack:\n- /x");
      },
    });
    const report = await selectBackendWith(loader);
    expect(report.name).toBe('wasm');
    expect(report.skipped).toEqual([
      {
        name: 'tensorflow-gpu',
        reason: "native addon failed to load: Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
      },
      {
        name: 'tensorflow',
        reason: "native addon failed to load: Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
      },
    ]);
  });

  it('refuses a package that would register onto a second copy of tfjs', async () => {
    const loader = fakeLoader({ tfjsSeenBy: () => '/app/node_modules/@tensorflow/tfjs-node/node_modules/@tensorflow/tfjs/x.js' });
    const report = await selectBackendWith(loader);
    expect(report.skipped[0]?.reason).toMatch(/its own copy of @tensorflow\/tfjs .*npm dedupe/);
  });

  it('reports a package that loads but registers no backend', async () => {
    const report = await selectBackendWith(fakeLoader({}));
    expect(report.skipped[0]?.reason).toBe("@tensorflow/tfjs-node-gpu loaded but registered no 'tensorflow' backend");
  });

  it('uses the GPU package when it loads, onto the same tfjs engine', async () => {
    const loaded: string[] = [];
    const loader = fakeLoader({
      load: (pkg) => {
        loaded.push(pkg);
        registerStandInTensorflowBackend();
      },
    });
    const report = await selectBackendWith(loader);
    expect(loaded).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(report).toMatchObject({ name: 'tensorflow-gpu', tfBackend: 'tensorflow', simd: null, skipped: [] });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('falls to @tensorflow/tfjs-node when only the GPU package is missing', async () => {
    const loader = fakeLoader({
      resolve: (pkg) => {
        if (pkg.endsWith('-gpu')) throw Object.assign(new Error(`Cannot find module '${pkg}'`), { code: 'MODULE_NOT_FOUND' });
        return `/app/node_modules/${pkg}/dist/index.js`;
      },
      load: () => registerStandInTensorflowBackend(),
    });
    const report = await selectBackendWith(loader);
    expect(report.name).toBe('tensorflow');
    expect(report.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu']);
  });

  it('says which CUDA library is missing when a GPU is visible but the GPU package is not installed', async () => {
    const loader = fakeLoader({
      resolve: (pkg) => {
        if (pkg.endsWith('-gpu')) throw Object.assign(new Error(`Cannot find module '${pkg}'`), { code: 'MODULE_NOT_FOUND' });
        return `/app/node_modules/${pkg}/dist/index.js`;
      },
      load: () => registerStandInTensorflowBackend(),
      checkGpu: () => ({ visible: true, gpus: ['RTX 3060'], driver: '535.1', found: [], missing: [{ library: 'libcudnn.so.8', from: 'cuDNN 8.1' }], problem: 'NVIDIA GPU found (RTX 3060), but libcudnn.so.8 (cuDNN 8.1) is missing: install cuDNN 8.1' }),
    });
    const report = await selectBackendWith(loader);
    expect(report.name).toBe('tensorflow');
    expect(report.skipped).toEqual([
      { name: 'tensorflow-gpu', reason: 'NVIDIA GPU found (RTX 3060), but libcudnn.so.8 (cuDNN 8.1) is missing: install cuDNN 8.1; then npm install @tensorflow/tfjs-node-gpu' },
    ]);
  });

  it('refuses a GPU package whose libtensorflow found no GPU, naming why, and trains on its CPU side', async () => {
    const loaded: string[] = [];
    const loader = fakeLoader({
      load: (pkg) => {
        loaded.push(pkg);
        tf.registerBackend('tensorflow', () => {
          const cpu = tf.findBackend('cpu');
          if (cpu === null) throw new Error('cpu backend missing');
          // As tfjs-node-gpu's backend reports it when CUDA did not load.
          return Object.assign(new (cpu.constructor as new () => tf.KernelBackend)(), { isUsingGpuDevice: false });
        });
      },
      checkGpu: () => ({ visible: true, gpus: ['T4'], driver: '535.1', found: [], missing: [{ library: 'libcublasLt.so.11', from: 'CUDA 11.2 (cuBLAS)' }], problem: 'NVIDIA GPU found (T4), but libcublasLt.so.11 (CUDA 11.2 (cuBLAS)) is missing: install the CUDA 11.2 toolkit' }),
    });
    const report = await selectBackendWith(loader);
    // The CPU package is not loaded on top: the GPU package's libtensorflow serves as 'tensorflow'.
    expect(loaded).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(report.name).toBe('tensorflow');
    expect(report.skipped).toEqual([{ name: 'tensorflow-gpu', reason: 'NVIDIA GPU found (T4), but libcublasLt.so.11 (CUDA 11.2 (cuBLAS)) is missing: install the CUDA 11.2 toolkit' }]);
  });
});
