import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFixture } from '../data/fixtures.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => undefined };
}

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-doctor-'));
  data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 4, test: 6 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('layerloom doctor', () => {
  it('reports every backend with why it loads or not, the GPU, native kernels, the dataset and Python', async () => {
    const io = capture();
    expect(await main(['doctor', '--data', data, '--json'], io)).toBe(0);
    const report = JSON.parse(io.stdout[0] ?? '');
    expect(report.backends.map((b: { name: string }) => b.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    for (const b of report.backends) expect(b.ok ? b.detail : b.reason).toMatch(/\S/);
    expect(report.backends.find((b: { name: string }) => b.name === 'wasm').ok).toBe(true);
    expect(report.gpu.requirements).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
    expect(typeof report.gpu.visible).toBe('boolean');
    expect(report.dataset).toMatchObject({ found: true, dir: data, trainCount: 20, testCount: 6 });
    expect(report.python.detail).toMatch(/\S/);
    expect(typeof report.nativeKernels.ok).toBe('boolean');
  });

  it('prints one readable screen, and refuses a file argument', async () => {
    const io = capture();
    expect(await main(['doctor', '--data', data], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^Backends/m);
    expect(text).toMatch(/^ {2}[✓✗] wasm/m);
    expect(text).toMatch(/^GPU: /m);
    expect(text).toMatch(/^Dataset: .* 20 training \+ 6 test images$/m);
    expect(text).toMatch(/^Python for export checks: /m);
    const bad = capture();
    expect(await main(['doctor', 'lenet.json'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/doctor takes no file/);
  });
});
