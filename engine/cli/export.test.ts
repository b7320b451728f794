import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFixture } from '../data/fixtures.js';
import { templatesDir } from '../project/templates.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => undefined };
}

let root: string;
let trained: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-cli-export-'));
  const data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 10, test: 10 });
  trained = join(root, 'tfjs');
  const io = capture();
  expect(await main(['train', join(templatesDir(), 'lenet.json'), '--data', data, '--epochs', '1', '--limit', '40', '--out', trained, '--json'], io)).toBe(0);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('layerloom export', () => {
  it.each([
    ['onnx', ['model.onnx']],
    ['pytorch', ['model.py', 'weights.npz', 'predict.py', 'train.py']],
    ['tfjs', ['model.json', 'metadata.json', 'group1-shard1of1.bin']],
  ])('--format %s writes the folder and lists its files', async (format, files) => {
    const out = join(root, `out-${format}`);
    const io = capture();
    expect(await main(['export', trained, '--format', format, '--out', out, '--json'], io)).toBe(0);
    const result = JSON.parse(io.stdout[0] ?? '');
    expect(result).toEqual({ type: 'exported', format, paths: files.map((f) => join(out, f)) });
    for (const f of files) expect(existsSync(join(out, f))).toBe(true);
  });

  it('refuses an existing export with a fix, exit 1', async () => {
    const io = capture();
    expect(await main(['export', trained, '--format', 'onnx', '--out', join(root, 'out-onnx')], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/already exists and is not empty\.\n {2}fix: Choose a new folder name/);
  });

  it('explains a folder that holds no model', async () => {
    const io = capture();
    expect(await main(['export', join(root, 'nothing'), '--format', 'onnx', '--out', join(root, 'x'), '--json'], io)).toBe(1);
    expect(JSON.parse(io.stdout[0] ?? '')).toMatchObject({ type: 'error', message: expect.stringMatching(/model\.json does not exist/) });
  });

  it('checks its flags: exit 2 with usage', async () => {
    const badFormat = capture();
    expect(await main(['export', trained, '--format', 'keras', '--out', join(root, 'k')], badFormat)).toBe(2);
    expect(badFormat.stderr.join('\n')).toMatch(/--format must be one of tfjs, onnx, pytorch, not 'keras'[\s\S]*Usage:/);
    const noOut = capture();
    expect(await main(['export', trained, '--format', 'onnx'], noOut)).toBe(2);
    expect(noOut.stderr.join('\n')).toContain("'export' needs --out PATH");
  });
});
