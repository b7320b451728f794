import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { unzipSync } from 'fflate';
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

  it('writes the FILE model.onnx for an --out ending in .onnx, the same bytes as the folder export', async () => {
    const file = join(root, 'model.onnx');
    const io = capture();
    expect(await main(['export', trained, '--format', 'onnx', '--out', file, '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0] ?? '')).toEqual({ type: 'exported', format: 'onnx', paths: [file] });
    expect(statSync(file).isFile()).toBe(true);
    expect(Buffer.compare(readFileSync(file), readFileSync(join(root, 'out-onnx', 'model.onnx')))).toBe(0);
    expect(readdirSync(root).filter((name) => name.includes('.partial-'))).toEqual([]);
    const again = capture();
    expect(await main(['export', trained, '--format', 'onnx', '--out', file], again)).toBe(1);
    expect(again.stderr.join('\n')).toMatch(/model\.onnx already exists\.\n {2}fix: Choose a new file name/);
  });

  it.each([
    ['pytorch', ['model.py', 'predict.py', 'train.py', 'weights.npz']],
    ['tfjs', ['group1-shard1of1.bin', 'metadata.json', 'model.json']],
  ])('writes a zip of the %s bundle for an --out ending in .zip', async (format, files) => {
    const zip = join(root, `${format}.zip`);
    const io = capture();
    expect(await main(['export', trained, '--format', format, '--out', zip, '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0] ?? '')).toEqual({ type: 'exported', format, paths: [zip] });
    const entries = unzipSync(readFileSync(zip));
    expect(Object.keys(entries).sort()).toEqual(files);
    for (const name of files) expect(Buffer.compare(Buffer.from(entries[name] as Uint8Array), readFileSync(join(root, `out-${format}`, name))), name).toBe(0);
  });

  it('refuses a .onnx path for another format, naming the fix', async () => {
    const io = capture();
    expect(await main(['export', trained, '--format', 'pytorch', '--out', join(root, 'torch.onnx')], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/names an ONNX file, but the format is pytorch\.\n {2}fix: Use --format onnx/);
    expect(existsSync(join(root, 'torch.onnx'))).toBe(false);
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
