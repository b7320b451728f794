import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFixture } from '../data/fixtures.js';
import { loadTemplate, packageRoot } from '../project/templates.js';
import { defaultReferencePython } from './reference-python.js';
import { benchRowSchema } from './report.js';

// The benchmark as users run it: the built CLI (its training runs in a worker thread, which
// needs the compiled JavaScript; `npm test` builds it before the unit tests), on fixture data.
const cli = join(packageRoot(), 'dist', 'engine', 'bench', 'bench.js');
const built = existsSync(cli);
if (!built) console.warn(`benchmark CLI tests skipped: ${cli} is not built (run npx tsc -b engine)`);
const python = defaultReferencePython();
if (!python.ok) console.warn(`benchmark CLI test with the PyTorch twin skipped: ${python.reason}`);

const run = (args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { timeout: 240_000, env: { ...process.env, LAYERLOOM_THREADS: '1' } })
  .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
const short = ['--batch', '8', '--repeats', '2', '--batches', '2', '--warmup', '1'];

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-bench-cli-'));
  data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 8, test: 4 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe.skipIf(!built)('npm run bench', () => {
  it('refuses a bad argument with the reason and where the options are listed, before any training', async () => {
    const result = await run(['--template', 'lenet', '--all']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--all already measures every template');
    expect(result.stderr).toContain('npm run bench -- --help lists every option.');
  });

  it.skipIf(!python.ok)('alternates Layerloom and the PyTorch twin of the same graph and reports one JSON row', async () => {
    // Pinned: unpinned, a machine with libtensorflow could pick it, whose thread count is its own.
    const result = await run(['--template', 'vgg-mini', '--data', data, '--json', '--backend', 'wasm', ...short]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const row = benchRowSchema.parse(JSON.parse(lines[0] as string));
    expect(row).toMatchObject({ network: 'VGG-mini', source: 'vgg-mini', training: { batchSize: 8, optimizer: 'adam' }, repeats: 2, batchesPerRepeat: 2 });
    expect(row.layerloom?.runs).toHaveLength(2);
    expect(row.layerloom?.threads).toBe(1);
    expect(row.reference?.kind).toBe('pytorch-twin');
    expect(row.reference?.runs).toHaveLength(2);
    if (row.reference?.kind === 'pytorch-twin') {
      expect(row.reference.threads).toBe(1);
      expect(row.reference.trainableParams).toBe(row.layerloom?.trainableParams);
    }
    const ratios = (row.layerloom?.runs ?? []).map((ours, i) => ours / (row.reference?.runs[i] ?? NaN));
    ratios.forEach((r, i) => expect(row.ratio?.runs[i]).toBeCloseTo(r, 2));
    expect(row.notes.filter((n) => !n.startsWith('busy'))).toEqual([]);
    // Progress goes to stderr, so the JSON stays machine-readable.
    expect(result.stderr).toMatch(/VGG-mini 2\/2: PyTorch \d+ img\/s/);
  });

  it('with --all and --project, prints one table row per template, LeNet first, then the project', async () => {
    const project = join(root, 'mine.layerloom.json');
    await writeFile(project, JSON.stringify({ ...loadTemplate('lenet'), name: 'My net' }));
    const result = await run(['--all', '--project', project, '--data', data, '--no-reference', '--batch', '8', '--repeats', '1', '--batches', '1', '--warmup', '1']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const rowsAt = lines.findIndex((l) => l.startsWith('───'));
    const rows = lines.slice(rowsAt + 1, rowsAt + 7);
    expect(rows.map((l) => l.split(/\s{2,}/)[0])).toEqual(['LeNet', 'MLP', 'ResNet-CIFAR', 'ResNet-mini', 'VGG-mini', 'My net']);
    for (const line of rows) expect(line).toMatch(/^\S.*\s8\s+[\d,]+ \([\d,]+–[\d,]+\)\s+—\s+—\s+[\d.]+ s\s+[\d,]+ MB/);
    expect(result.stdout).not.toContain('no reference');
  });
});
