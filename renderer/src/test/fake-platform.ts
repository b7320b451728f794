import { REFERENCE_TRAINING } from '../../../engine/project/schema.js';
import type { Platform } from '../platform/platform.js';
import { createFakeEngine } from './fake-engine.js';

/** A platform with an in-memory engine, recovery and scripted dialog answers. */
export function createFakePlatform() {
  const fake = createFakeEngine({
    'engine.info': () => ({ version: '0.1.0', backend: { name: 'cpu', tfBackend: 'cpu', threads: 1, simd: null, nativeKernels: false, skipped: [{ name: 'wasm', reason: 'not in tests' }], notes: [], speed: null },
      memory: { freeBytes: 8 * 1024 ** 3, backend: 'cpu', backendMaxBytes: null, maxTensorElements: 2 ** 32 } }),
    'dataset.status': () => ({ found: true, dir: '/data/cifar', from: 'env', trainCount: 500, testCount: 100, classNames: ['airplane'] }),
    'templates.list': () => [],
    'training.start': () => ({
      runId: 'run-1',
      backend: {
        name: 'wasm', tfBackend: 'wasm', threads: 2, simd: true, nativeKernels: true, skipped: [], notes: [],
        speed: { how: 'measured', chosen: 'wasm', measured: [{ name: 'wasm', label: 'wasm + native', imagesPerSec: 1900 }, { name: 'tensorflow', label: 'tensorflow', imagesPerSec: 1388 }] },
      },
    }),
    'project.write': (arg: { path: string }) => ({ path: arg.path }),
  });
  let recovered: string | null = null;
  const answers: (string | null)[] = [];
  const platform: Platform = {
    engine: fake.engine,
    label: 'Test',
    isMac: false,
    recovery: { load: async () => recovered, save: async (t) => { recovered = t; }, clear: async () => { recovered = null; } },
    dialogs: {
      openProject: async () => answers.shift() ?? null,
      saveProject: async () => answers.shift() ?? null,
      chooseFolder: async () => answers.shift() ?? null,
      chooseDatasetArchive: async () => answers.shift() ?? null,
    },
  };
  return { platform, fake, answers, recovery: () => recovered, training: REFERENCE_TRAINING };
}
