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
import { CIFAR10_NORMALIZATION } from '../../data/normalization.js';
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
      training: {
        ...project.training, optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: true, weightDecay: 5e-4, labelSmoothing: 0.1,
        validationSplit: 0.25, restoreBest: true, earlyStopping: { monitor: 'val_acc', patience: 3 },
        schedule: { kind: 'onecycle', warmupEpochs: 0, stepEpochs: 10, stepFactor: 0.1 }, augment: { cropPadding: 4, padMode: 'reflect', flip: true, cutout: 8 },
      },
      normalization: CIFAR10_NORMALIZATION,
    });
    model.dispose();
    const data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 8, test: 10 });
    const out = join(root, 'retrained.npz');
    const { stdout } = await promisify(execFile)((torch as { python: string }).python,
      [join(dir, 'train.py'), '--data', data, '--epochs', '1', '--batch-size', '16', '--out', out], { timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(stdout).toMatch(/epoch 1\/1 .* test accuracy \d+\.\d+%/);
    expect(existsSync(out)).toBe(true);
    expect(stdout).toMatch(/weights restored from epoch 1/);
    const check = 'import sys; sys.path.insert(0, sys.argv[1]); import numpy as np; from predict import load_model, normalize, MEAN; from train import SETTINGS; load_model(sys.argv[2]); '
      + 'x = normalize(np.full((1, 32, 32, 3), 255, np.uint8)); print(SETTINGS["optimizer"], SETTINGS["lr"], SETTINGS["nesterov"], SETTINGS["schedule"]["kind"], MEAN[0], x.shape, round(float(x[0, 0, 0, 0]), 4))';
    const loaded = await promisify(execFile)((torch as { python: string }).python, ['-c', check, dir, out], { timeout: 60_000 });
    expect(loaded.stdout.trim()).toBe(`sgd 0.01 True onecycle 0.4914 (1, 3, 32, 32) ${((1 - 0.4914) / 0.247).toFixed(4)}`);
  });
});
