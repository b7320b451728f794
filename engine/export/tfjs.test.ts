import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend } from '../backend/testing/test-backend.js';
import type { CifarDataset } from '../data/index.js';
import { loadTemplate } from '../project/templates.js';
import { TrainingSession } from '../train/session.js';
import { fixtureDataset } from '../train/test-support.js';
import { ExportError } from './atomic-dir.js';
import { loadTfjsModel, PREPROCESSING, saveTfjsModel } from './tfjs.js';

// Runs on WASM + native, and on TensorFlow in the 'tensorflow' test project (vitest.config.ts).
const backend = await startTestBackend();

let data: CifarDataset;
let cleanupData: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ data, cleanup: cleanupData } = await fixtureDataset({ trainPerBatch: 40, test: 50 }));
  dir = await mkdtemp(join(tmpdir(), 'layerloom-export-'));
});
afterAll(async () => {
  await cleanupData();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!backend)('TF.js layers export', () => {
  it('export → reload gives identical logits, for each template', async () => {
    for (const id of ['lenet', 'resnet-mini']) {
      const project = loadTemplate(id);
      const session = new TrainingSession({ graph: project.graph, training: { ...project.training, epochs: 1, batchSize: 50, seed: 1 }, data, limit: 100 });
      await session.run();
      const out = join(dir, id);
      const paths = await saveTfjsModel(session.model, out, { graph: project.graph, classNames: [...data.classNames], outputsProbabilities: false, preprocessing: PREPROCESSING, testAcc: null });
      expect(paths[0]).toBe(join(out, 'model.json'));
      expect((await readdir(out)).sort()).toEqual(['group1-shard1of1.bin', 'metadata.json', 'model.json']);
      expect(JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'))).toMatchObject({ labels: data.classNames, imageSize: { height: 32, width: 32, channels: 3 }, inputLayout: 'NHWC', output: 'logits' });
      const { model, metadata } = await loadTfjsModel(out);
      expect(metadata?.graph).toEqual(project.graph);
      const x = tf.randomUniform([8, 32, 32, 3], -1, 1, 'float32', 5);
      const before = (session.model.predict(x) as tf.Tensor).dataSync();
      const after = (model.predict(x) as tf.Tensor).dataSync();
      expect(Array.from(after)).toEqual(Array.from(before));
      tf.dispose([x]);
      model.dispose();
      session.dispose();
    }
  });

  it('refuses to overwrite a non-empty folder and leaves nothing half-written on failure', async () => {
    const project = loadTemplate('mlp');
    const session = new TrainingSession({ graph: project.graph, training: { ...project.training, epochs: 1 }, data, limit: 50 });
    const taken = join(dir, 'taken');
    await mkdir(taken);
    await writeFile(join(taken, 'notes.txt'), 'mine');
    await expect(saveTfjsModel(session.model, taken, { graph: project.graph, classNames: [], outputsProbabilities: false, preprocessing: PREPROCESSING, testAcc: null }))
      .rejects.toThrow(/already exists and is not empty/);
    expect(await readdir(taken)).toEqual(['notes.txt']);
    const blocked = join(dir, 'file-not-folder');
    await writeFile(blocked, 'x');
    const error = await saveTfjsModel(session.model, join(blocked, 'model'), { graph: project.graph, classNames: [], outputsProbabilities: false, preprocessing: PREPROCESSING, testAcc: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((await readdir(dir)).filter((f) => f.includes('partial'))).toEqual([]);
    session.dispose();
  });

  it('explains a missing or broken model folder', async () => {
    await expect(loadTfjsModel(join(dir, 'nope'))).rejects.toThrow(/model\.json does not exist/);
    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [] }] }));
    await expect(loadTfjsModel(broken)).rejects.toThrow(/Weight file .*w\.bin is missing/);
  });
});
