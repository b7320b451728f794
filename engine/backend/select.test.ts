import { createRequire } from 'node:module';
import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { describeBackend, selectBackend } from './index.js';
import { loadNativeKernels } from './native-kernels.js';

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
if (!nativeAbsent) {
  console.warn('[selectBackend] the fallback tests are skipped: a @tensorflow/tfjs-node(-gpu) is installed here (select-native.test.ts covers the fallback with fakes)');
}
// Layerloom's own native kernels (engine/native), where built, bring their threads to WASM.
const kernels = loadNativeKernels();
const wasmThreads = kernels.ok ? kernels.kernels.threads() : 1;
const wasmMode = kernels.ok ? `SIMD \\+ native kernels, ${wasmThreads} threads?` : 'SIMD, 1 thread';

describe('selectBackend (this machine)', () => {
  it.skipIf(!nativeAbsent)('falls back to wasm and says why the native backends were skipped', async () => {
    const report = await selectBackend();
    expect(report).toMatchObject({ name: 'wasm', tfBackend: 'wasm', threads: wasmThreads, nativeKernels: kernels.ok });
    expect(tf.getBackend()).toBe('wasm');
    expect(report.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(report.skipped[0]?.reason).toBe(
      '@tensorflow/tfjs-node-gpu is not installed (its libtensorflow download failed or it was not installed); ' +
        'GPU training unavailable',
    );
    expect(report.skipped[1]?.reason).toMatch(/^@tensorflow\/tfjs-node is not installed/);
    expect(describeBackend(report)).toMatch(
      new RegExp(
        `^Backend: wasm \\(${wasmMode}\\)\\. Skipped: tensorflow-gpu — @tensorflow/tfjs-node-gpu is not installed .*; ` +
          'tensorflow — @tensorflow/tfjs-node is not installed',
      ),
    );
  });

  it.skipIf(nativeAbsent)('without a model, takes libtensorflow first (runs choose by speed instead)', async () => {
    const report = await selectBackend();
    expect(['tensorflow-gpu', 'tensorflow']).toContain(report.name);
    expect(report.speed).toBeNull();
    expect(tf.getBackend()).toBe('tensorflow');
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

  it.skipIf(kernels.ok)('explains that WASM gets one thread under Node when more are asked for', async () => {
    await selectBackend({ prefer: 'cpu' });
    const report = await selectBackend({ prefer: 'wasm', threads: 2 });
    expect(report.threads).toBe(1);
    expect(report.notes.join(' ')).toMatch(/1 thread under Node/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(!kernels.ok)('with the native kernels, reports their threads and says they are on', async () => {
    await selectBackend({ prefer: 'cpu' });
    const report = await selectBackend({ prefer: 'wasm', threads: 2 });
    expect(report).toMatchObject({ threads: wasmThreads, nativeKernels: true });
    expect(report.notes[0]).toMatch(/^native kernels on \(conv, .*\d threads?\)$/);
    expect(report.notes.join(' ')).not.toMatch(/1 thread under Node/);
  });
});
