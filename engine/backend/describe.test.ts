import { describe, expect, it } from 'vitest';
import { describeBackend } from './describe.js';

describe('describeBackend', () => {
  it('writes one line with the backend, its mode and each skipped option', () => {
    const line = describeBackend({
      name: 'wasm',
      tfBackend: 'wasm',
      threads: 1,
      simd: true,
      nativeKernels: false,
      skipped: [
        { name: 'tensorflow-gpu', reason: 'a' },
        { name: 'tensorflow', reason: 'b' },
      ],
      notes: [],
      speed: null,
    });
    expect(line).toBe('Backend: wasm (SIMD, 1 thread). Skipped: tensorflow-gpu — a; tensorflow — b.');
    expect(line).not.toContain('\n');
  });

  it('says when the native kernels run the WASM backend’s heavy kernels', () => {
    expect(describeBackend({ name: 'wasm', tfBackend: 'wasm', threads: 2, simd: true, nativeKernels: true, skipped: [], notes: [], speed: null })).toBe(
      'Backend: wasm (SIMD + native kernels, 2 threads).',
    );
  });

  it('omits the skipped list when nothing better was tried', () => {
    expect(describeBackend({ name: 'tensorflow', tfBackend: 'tensorflow', threads: 2, simd: null, nativeKernels: false, skipped: [], notes: [], speed: null })).toBe(
      'Backend: tensorflow (libtensorflow, 2 threads).',
    );
    expect(describeBackend({ name: 'cpu', tfBackend: 'cpu', threads: 1, simd: null, nativeKernels: false, skipped: [], notes: ['n'], speed: null })).toBe(
      'Backend: cpu (pure JS, 1 thread). Note: n.',
    );
  });

  it('says how the backend was chosen by speed, fastest first', () => {
    const line = describeBackend({
      name: 'tensorflow', tfBackend: 'tensorflow', threads: 2, simd: null, nativeKernels: false, skipped: [], notes: [],
      speed: {
        how: 'measured', chosen: 'tensorflow',
        measured: [{ name: 'tensorflow', label: 'tensorflow', imagesPerSec: 185.4 }, { name: 'wasm', label: 'wasm + native', imagesPerSec: 82.2 }],
      },
    });
    expect(line).toBe('Backend: tensorflow (libtensorflow, 2 threads). Chosen by speed: tensorflow 185 img/s, wasm + native 82 img/s → tensorflow.');
  });
});
