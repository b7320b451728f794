import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeDataset } from '../data/image-folder/shape-fixtures.js';
import { adaptGraphToDataset } from '../graph/adapt-to-dataset.js';
import type { EventPayload } from '../host/contract.js';
import { EngineHost } from '../host/engine-host.js';
import { loadTemplate, templatesDir } from '../project/templates.js';
import { CHECKPOINT_FILE } from '../train/checkpoint.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => undefined };
}

const jsonLines = (io: { stdout: string[] }) => io.stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
const softmax = (row: number[]) => {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};
type Prediction = { name: string; top: { index: number; className: string; probability: number }[] };

let root: string;
let images: string;
const savedDataDir = process.env['LAYERLOOM_DATA_DIR'];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-cli-predict-'));
  images = join(root, 'shapes');
  process.env['LAYERLOOM_DATA_DIR'] = join(root, 'data');
  await writeShapeDataset(images, { classes: ['circle', 'square', 'triangle'], perClass: 10, corrupt: true });
});
afterAll(async () => {
  if (savedDataDir === undefined) delete process.env['LAYERLOOM_DATA_DIR'];
  else process.env['LAYERLOOM_DATA_DIR'] = savedDataDir;
  await rm(root, { recursive: true, force: true });
});

/** `evaluate --json` on the folder: the test files with their logits. */
async function evaluate(modelDir: string): Promise<{ files: string[]; rows: number[][]; predictions: number[] }> {
  const io = capture();
  expect(await main(['evaluate', modelDir, '--data', images, '--json'], io)).toBe(0);
  const [logits, result] = jsonLines(io) as [{ files: string[]; rows: number[][] }, { predictions: number[]; classNames: string[] }];
  expect(result.classNames).toEqual(['circle', 'square', 'triangle']);
  return { files: logits.files, rows: logits.rows, predictions: result.predictions };
}

async function predict(modelDir: string, files: string[]): Promise<Prediction[]> {
  const io = capture();
  expect(await main(['predict', modelDir, ...files.map((f) => join(images, f)), '--top', '3', '--json'], io)).toBe(0);
  return jsonLines(io) as unknown as Prediction[];
}

function expectAgreement(predictions: Prediction[], rows: number[][]): void {
  expect(predictions).toHaveLength(rows.length);
  predictions.forEach((p, i) => {
    const probabilities = softmax(rows[i] as number[]);
    expect(p.top[0]?.index).toBe(probabilities.indexOf(Math.max(...probabilities)));
    for (const t of p.top) expect(t.probability).toBeCloseTo(probabilities[t.index] as number, 5);
  });
}

describe('layerloom train / evaluate / predict on an image folder', () => {
  it('train adapts the graph, reports the corrupt file, and predict agrees with evaluate', async () => {
    const modelDir = join(root, 'cli-model');
    const io = capture();
    expect(await main(['train', join(templatesDir(), 'lenet.json'), '--data', images, '--size', '24x20', '--epochs', '2', '--batch', '8', '--seed', '1', '--out', modelDir], io)).toBe(0);
    const log = io.stderr.join('\n');
    expect(log).toContain('skipped circle/broken.png');
    expect(log).toContain('Adapted the graph to this dataset: Input 32×32×3 → 24×20×3; Dense before Output 10 → 3 units; Output 10 → 3 classes');
    expect(io.stdout.join('\n')).toMatch(/Per class: circle [\d.]+%, square [\d.]+%, triangle [\d.]+%/);
    expect(JSON.parse(await readFile(join(modelDir, 'metadata.json'), 'utf8'))).toMatchObject({ labels: ['circle', 'square', 'triangle'], imageSize: { height: 24, width: 20, channels: 3 }, fit: 'crop' });

    const { files, rows } = await evaluate(modelDir);
    expect(files).toHaveLength(6);
    expectAgreement(await predict(modelDir, files), rows);
  }, 120_000);

  it('a model trained in the app (engine host) predicts what its own evaluation and the CLI say', async () => {
    const host = new EngineHost({ cacheDir: join(root, 'data') });
    try {
      const info = await host.request('dataset.importFolder', { path: images, height: 20, width: 20, fit: 'pad' });
      expect(info.skipped.map((s) => s.path)).toEqual(['circle/broken.png']);
      const { graph } = adaptGraphToDataset(loadTemplate('lenet').graph, { shape: info.shape, classNames: info.classNames });
      const ended = new Promise<EventPayload<'training.end'>>((resolve, reject) => {
        host.subscribe('training.end', resolve);
        host.subscribe('training.error', (e) => reject(new Error(e.message)));
      });
      const { runId } = await host.request('training.start', {
        graph, training: { ...loadTemplate('lenet').training, epochs: 2, batchSize: 8, seed: 2 }, dataset: { kind: 'folder', path: images, fit: 'pad' },
      });
      const end = await ended;
      expect(end.classNames).toEqual(['circle', 'square', 'triangle']);

      const modelDir = join(root, 'app-model');
      await host.request('model.export', { runId, format: 'tfjs', outDir: modelDir });
      const { files, rows, predictions } = await evaluate(modelDir);
      expect(predictions).toEqual(end.predictions);

      const inApp = await host.request('model.predict', {
        runId, topK: 3, images: await Promise.all(files.map(async (f) => ({ name: f, data: (await readFile(join(images, f))).toString('base64') }))),
      });
      expectAgreement(inApp as Prediction[], rows);
      expectAgreement(await predict(modelDir, files), rows);
    } finally {
      host.dispose();
    }
  }, 120_000);

  it('a run on an image folder resumes on that folder, not on CIFAR-10', async () => {
    const dir = join(root, 'folder-checkpoint');
    expect(await main(['train', join(templatesDir(), 'lenet.json'), '--data', images, '--size', '16x16', '--epochs', '1', '--batch', '8', '--seed', '3', '--checkpoint', dir, '--json'], capture())).toBe(0);
    const file = join(dir, CHECKPOINT_FILE);
    const meta = JSON.parse(await readFile(file, 'utf8')) as { dataset?: unknown; training: { epochs: number } };
    expect(meta.dataset).toEqual({ kind: 'folder', path: images, fit: 'crop', channels: 'auto' });
    // As if the run had been stopped after its first of two epochs.
    meta.training.epochs = 2;
    await writeFile(file, JSON.stringify(meta));
    const io = capture();
    expect(await main(['train', '--resume', dir, '--json'], io)).toBe(0);
    const lines = jsonLines(io) as unknown as { type: string; classNames?: string[]; epoch?: number; status?: string }[];
    expect(lines.find((l) => l.type === 'dataset')?.classNames).toEqual(['circle', 'square', 'triangle']);
    expect(lines.filter((l) => l.type === 'epoch').map((l) => l.epoch)).toEqual([2]);
    expect(lines.find((l) => l.type === 'end')?.status).toBe('completed');

    // The app resumes through the engine without naming a dataset: the checkpoint's is used.
    const again = JSON.parse(await readFile(file, 'utf8')) as { training: { epochs: number } };
    again.training.epochs = 3;
    await writeFile(file, JSON.stringify(again));
    const host = new EngineHost({ cacheDir: join(root, 'data') });
    try {
      const ended = new Promise<EventPayload<'training.end'>>((resolve, reject) => {
        host.subscribe('training.end', resolve);
        host.subscribe('training.error', (e) => reject(new Error(e.message)));
      });
      const template = loadTemplate('lenet');
      await host.request('training.start', { graph: template.graph, training: template.training, resumeFrom: dir });
      expect((await ended).classNames).toEqual(['circle', 'square', 'triangle']);
    } finally {
      host.dispose();
    }
  }, 120_000);

  it('predict lists an unreadable file and still predicts the others', async () => {
    const io = capture();
    expect(await main(['predict', join(root, 'cli-model'), join(images, 'circle', 'broken.png'), join(images, 'square', 'square-000.png')], io)).toBe(0);
    expect(io.stderr.join('\n')).toMatch(/✗ .*broken\.png: cannot be read as an image/);
    expect(io.stdout[0]).toMatch(/square-000\.png {2}\w+ [\d.]+%/);
  });
});
