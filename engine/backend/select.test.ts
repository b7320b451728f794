import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeBackend, selectBackend } from './index.js';

const require = createRequire(import.meta.url);
function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
const nativeAbsent = !installed('@tensorflow/tfjs-node-gpu') && !installed('@tensorflow/tfjs-node');

describe('selectBackend (this machine)', () => {
  it.skipIf(!nativeAbsent)('falls back to wasm and says why the native backends were skipped', async () => {
    const report = await selectBackend();
    expect(report).toMatchObject({ name: 'wasm', tfBackend: 'wasm', threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
    expect(report.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(report.skipped[0]?.reason).toBe(
      '@tensorflow/tfjs-node-gpu is not installed (its libtensorflow download failed or it was not installed); ' +
        'GPU training unavailable',
    );
    expect(report.skipped[1]?.reason).toMatch(/^@tensorflow\/tfjs-node is not installed/);
    expect(describeBackend(report)).toMatch(
      /^Backend: wasm \((no )?SIMD, 1 thread\)\. Skipped: tensorflow-gpu — @tensorflow\/tfjs-node-gpu is not installed .*; tensorflow — @tensorflow\/tfjs-node is not installed/,
    );
  });

  it('is idempotent: the same report, one selection', async () => {
    const [a, b] = await Promise.all([selectBackend(), selectBackend()]);
    expect(b).toBe(a);
    expect(await selectBackend()).toBe(a);
  });

  it('reports SIMD for wasm where the runtime validates it (Node ≥ 16 does)', async () => {
    const report = await selectBackend();
    if (report.name === 'wasm') expect(report.simd).toBe(true);
    else expect(report.simd).toBeNull();
  });

  it.skipIf(!nativeAbsent)('rejects a forced backend that cannot load, naming why', async () => {
    const before = await selectBackend();
    await expect(selectBackend({ prefer: 'tensorflow' })).rejects.toThrow(
      /Backend 'tensorflow' was requested but cannot be used: @tensorflow\/tfjs-node is not installed/,
    );
    // The failed forced attempt leaves the working backend in place.
    expect(tf.getBackend()).toBe('wasm');
    expect(await selectBackend()).toBe(before);
  });

  it.skipIf(!nativeAbsent)('reuses the selection when `prefer` names the backend already running', async () => {
    expect(await selectBackend({ prefer: 'wasm' })).toBe(await selectBackend());
  });

  it('runs switches one after another and ends on the last one asked for', async () => {
    const [cpu, wasm] = await Promise.all([selectBackend({ prefer: 'cpu' }), selectBackend({ prefer: 'wasm' })]);
    expect([cpu.name, wasm.name]).toEqual(['cpu', 'wasm']);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('explains that WASM gets one thread under Node when more are asked for', async () => {
    await selectBackend({ prefer: 'cpu' });
    const report = await selectBackend({ prefer: 'wasm', threads: 2 });
    expect(report.threads).toBe(1);
    expect(report.notes.join(' ')).toMatch(/1 thread under Node/);
    expect(tf.getBackend()).toBe('wasm');
  });
});
