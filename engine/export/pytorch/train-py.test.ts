import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/index.js';
import { compileGraph } from '../../compile/compile.js';
import { writeCifarFixture } from '../../data/fixtures.js';
import { loadTemplate } from '../../project/templates.js';
import { exportModel } from '../export-model.js';
import { PREPROCESSING } from '../tfjs.js';
import { findTorchPython } from './run-predict.js';

const torch = findTorchPython();
if (!torch.ok) console.warn(`train.py test skipped: ${torch.reason}`);

let root: string;
beforeAll(async () => {
  await selectBackend();
  root = await mkdtemp(join(tmpdir(), 'layerloom-train-py-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the PyTorch export’s train.py', () => {
  it.skipIf(!torch.ok)('trains from the exported weights with the recorded settings and writes weights predict.py can load', async () => {
    const project = loadTemplate('vgg-mini');
    const { model } = compileGraph(project.graph, { seed: 1 });
    const dir = join(root, 'pytorch');
    await exportModel('pytorch', model, dir, {
      graph: project.graph, classNames: [], outputsProbabilities: false, preprocessing: PREPROCESSING, testAcc: null,
      training: { ...project.training, optimizer: 'sgd', learningRate: 0.01, momentum: 0.9 },
    });
    model.dispose();
    const data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 8, test: 10 });
    const out = join(root, 'retrained.npz');
    const { stdout } = await promisify(execFile)((torch as { python: string }).python,
      [join(dir, 'train.py'), '--data', data, '--epochs', '1', '--batch-size', '16', '--out', out], { timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(stdout).toMatch(/epoch 1\/1 .* test accuracy \d+\.\d+%/);
    expect(existsSync(out)).toBe(true);
    const check = 'import sys; sys.path.insert(0, sys.argv[1]); from predict import load_model; from train import SETTINGS; load_model(sys.argv[2]); print(SETTINGS["optimizer"], SETTINGS["lr"])';
    const loaded = await promisify(execFile)((torch as { python: string }).python, ['-c', check, dir, out], { timeout: 60_000 });
    expect(loaded.stdout.trim()).toBe('sgd 0.01');
  });
});
