import { describe, expect, it } from 'vitest';
import { describeBackend } from './describe.js';

describe('describeBackend', () => {
  it('writes one line with the backend, its mode and each skipped option', () => {
    const line = describeBackend({
      name: 'wasm',
      tfBackend: 'wasm',
      threads: 1,
      simd: true,
      skipped: [
        { name: 'tensorflow-gpu', reason: 'a' },
        { name: 'tensorflow', reason: 'b' },
      ],
      notes: [],
    });
    expect(line).toBe('Backend: wasm (SIMD, 1 thread). Skipped: tensorflow-gpu — a; tensorflow — b.');
    expect(line).not.toContain('\n');
  });

  it('omits the skipped list when nothing better was tried', () => {
    expect(describeBackend({ name: 'tensorflow', tfBackend: 'tensorflow', threads: 2, simd: null, skipped: [], notes: [] })).toBe(
      'Backend: tensorflow (libtensorflow, 2 threads).',
    );
    expect(describeBackend({ name: 'cpu', tfBackend: 'cpu', threads: 1, simd: null, skipped: [], notes: ['n'] })).toBe(
      'Backend: cpu (pure JS, 1 thread). Note: n.',
    );
  });
});
