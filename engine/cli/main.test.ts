import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFixture } from '../data/fixtures.js';
import { templatesDir } from '../project/templates.js';
import type { CliIo } from './io.js';
import { main } from './main.js';
import { HUGE } from '../graph/test-graphs.js';
import { trainingWithFlags } from './train.js';
import { REFERENCE_TRAINING } from '../project/schema.js';
import { loadTemplate } from '../project/templates.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: () => undefined };
}

const lenet = join(templatesDir(), 'lenet.json');
let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-cli-'));
  data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 40, test: 30 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('layerloom validate', () => {
  it('refuses the 8.6-billion-parameter graph with the memory figure and the fix (exit 1)', async () => {
    const file = join(root, 'huge.layerloom.json');
    await writeFile(file, JSON.stringify({ format: 'layerloom', version: 1, name: 'huge', graph: HUGE, training: {} }));
    const io = capture();
    expect(await main(['validate', file], io)).toBe(1);
    const text = io.stderr.join('\n');
    expect(text).toMatch(/big \[memory\] Training needs about 1\d\d GiB \(weights 32\.0 GiB, Adam state 64\.0 GiB/);
    expect(text).toContain('fix: Dense (big) has 8,589,942,784 parameters: reduce Dense units or add pooling before Flatten.');
  });

  it('checks memory at --batch on the --backend given, and says what a valid run needs', async () => {
    const io = capture();
    expect(await main(['validate', lenet, '--backend', 'wasm', '--batch', '64'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Training memory: about [\d.]+ MiB at batch 64 \(wasm backend\)/);
  });

  it('prints the layer table and the total', async () => {
    const io = capture();
    expect(await main(['validate', lenet], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/conv1\s+Conv2D\s+28×28×6\s+456/);
    expect(text).toContain('Total parameters: 62,006');
  });

  it('--json gives ok, params and every node', async () => {
    const io = capture();
    expect(await main(['validate', lenet, '--json'], io)).toBe(0);
    const result = JSON.parse(io.stdout[0] ?? '');
    expect(result).toMatchObject({ ok: true, params: 62006 });
    expect(result.nodes[1]).toEqual({ id: 'conv1', kind: 'conv2d', outputShape: [28, 28, 6], params: 456 });
  });

  it('exits 1 with every error for an invalid graph', async () => {
    const project = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(lenet, 'utf8')));
    project.graph.edges = project.graph.edges.filter((e: { target: string; source: string }) => e.target !== 'flatten' && e.source !== 'flatten');
    project.graph.nodes = project.graph.nodes.filter((n: { id: string }) => n.id !== 'flatten');
    project.graph.edges.push({ id: 'x', source: 'pool2', target: 'fc1' });
    const file = join(root, 'broken.json');
    await writeFile(file, JSON.stringify(project));
    const io = capture();
    expect(await main(['validate', file, '--json'], io)).toBe(1);
    expect(JSON.parse(io.stdout[0] ?? '')).toEqual({ ok: false, errors: [expect.objectContaining({ nodeId: 'fc1', code: 'needs-flatten', fix: 'Add a Flatten before Dense.' })] });
    const human = capture();
    expect(await main(['validate', file], human)).toBe(1);
    expect(human.stderr.join('\n')).toContain('fix: Add a Flatten before Dense.');
  });

  it('exits 1 naming the problem for unreadable files', async () => {
    const file = join(root, 'bad.json');
    await writeFile(file, '{ not json');
    const io = capture();
    expect(await main(['validate', file, '--json'], io)).toBe(1);
    expect(JSON.parse(io.stdout[0] ?? '').errors[0].message).toContain('not valid JSON');
    const missing = capture();
    expect(await main(['validate', join(root, 'nope.json')], missing)).toBe(1);
    expect(missing.stderr[0]).toContain('no such file');
  });
});

describe('layerloom train and evaluate', () => {
  it('streams one JSON line per epoch, then the end line, saves the model, and evaluate reads it back', async () => {
    const out = join(root, 'model');
    const io = capture();
    const code = await main(['train', lenet, '--data', data, '--epochs', '2', '--batch', '20', '--optimizer', 'sgd', '--lr', '0.01', '--momentum', '0.9', '--seed', '3', '--out', out, '--json'], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const lines = io.stdout.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['epoch', 'epoch', 'end']);
    expect(Object.keys(lines[0]).sort()).toEqual(['acc', 'epoch', 'epochs', 'imagesPerSec', 'loss', 'lr', 'seconds', 'type', 'valAcc', 'valLoss'].sort());
    expect(lines[1]).toMatchObject({ epoch: 2, epochs: 2 });
    expect(lines[2]).toMatchObject({ type: 'end', params: 62006, status: 'completed' });
    expect(typeof lines[2].backend).toBe('string');
    expect(lines[2].testAcc).toBeGreaterThanOrEqual(0);

    const evaluated = capture();
    expect(await main(['evaluate', out, '--data', data, '--limit', '5', '--json'], evaluated)).toBe(0);
    const [logits, result] = evaluated.stdout.map((l) => JSON.parse(l));
    expect(logits.type).toBe('logits');
    expect(logits.rows).toHaveLength(5);
    expect(logits.rows[0]).toHaveLength(10);
    expect(result).toMatchObject({ type: 'result', count: 5 });
  });

  it('--limit caps the training images; human mode prints a summary table', async () => {
    const io = capture();
    expect(await main(['train', lenet, '--data', data, '--epochs', '1', '--limit', '50', '--val-split', '0.2'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Finished after 1 epoch\(s\).*test accuracy/);
    expect(io.stderr.join('\n')).toMatch(/epoch 1\/1 {2}loss/);
  });

  it('reports bad flags and missing data clearly', async () => {
    const io = capture();
    expect(await main(['train', lenet, '--optimizer', 'lbfgs'], io)).toBe(2);
    expect(io.stderr[0]).toContain('--optimizer must be one of sgd, adam, adamw, rmsprop');
    const schedule = capture();
    expect(await main(['train', lenet, '--schedule', 'exponential'], schedule)).toBe(2);
    expect(schedule.stderr[0]).toContain('--schedule must be one of constant, step, cosine, onecycle');
    const lr = capture();
    expect(await main(['train', lenet, '--lr=-1', '--json', '--data', data], lr)).toBe(1);
    expect(JSON.parse(lr.stdout[0] ?? '').message).toContain('learningRate');
    const noData = capture();
    expect(await main(['train', lenet, '--data', join(root, 'missing'), '--json'], noData)).toBe(1);
    const err = JSON.parse(noData.stdout[0] ?? '');
    expect(err.type).toBe('error');
    expect(err.message).toContain(join(root, 'missing'));
  });

  it('--reference starts from the reference run and other flags still override it', () => {
    const base = loadTemplate('lenet').training;
    expect(trainingWithFlags(base, { json: false, reference: true })).toEqual(REFERENCE_TRAINING);
    expect(trainingWithFlags(base, { json: false, reference: true, epochs: 2, init: 'glorot' })).toEqual({ ...REFERENCE_TRAINING, epochs: 2, initializer: 'glorot' });
    expect(() => trainingWithFlags(base, { json: false, init: 'he' })).toThrow(/initializer/);
  });

  it('lays the recipe flags over the file’s training block, schedule and augmentation included', () => {
    const base = loadTemplate('lenet').training;
    const t = trainingWithFlags(base, {
      json: false, optimizer: 'sgd', nesterov: true, weightDecay: 5e-4, labelSmoothing: 0.1, schedule: 'onecycle', warmup: 2,
      crop: 4, padMode: 'zero', flip: true, cutout: 8, earlyStop: 3, monitor: 'val_acc', restoreBest: true,
    });
    expect(t).toMatchObject({
      optimizer: 'sgd', nesterov: true, weightDecay: 5e-4, labelSmoothing: 0.1, restoreBest: true,
      schedule: { kind: 'onecycle', warmupEpochs: 2, stepEpochs: 10, stepFactor: 0.1 },
      augment: { cropPadding: 4, padMode: 'zero', flip: true, cutout: 8 },
      earlyStopping: { monitor: 'val_acc', patience: 3 },
    });
    expect(trainingWithFlags(base, { json: false })).toEqual(base);
    expect(() => trainingWithFlags(base, { json: false, labelSmoothing: 0.9 })).toThrow(/labelSmoothing/);
  });

  it('--checkpoint writes a checkpoint each epoch; --resume continues it and refuses a finished run', async () => {
    const dir = join(root, 'ckpt');
    const io = capture();
    expect(await main(['train', lenet, '--data', data, '--epochs', '1', '--limit', '60', '--batch', '20', '--seed', '1', '--checkpoint', dir, '--json'], io)).toBe(0);
    const resumed = capture();
    expect(await main(['train', '--resume', dir, '--data', data, '--json'], resumed)).toBe(1);
    expect(JSON.parse(resumed.stdout[0] ?? '').message).toContain('already finished all its epochs');
    const missing = capture();
    expect(await main(['train', '--resume', join(root, 'nowhere'), '--data', data, '--json'], missing)).toBe(1);
    expect(JSON.parse(missing.stdout[0] ?? '').message).toContain('holds no checkpoint');
  });
});
