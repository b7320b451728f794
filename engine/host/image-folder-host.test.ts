import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShapeDataset } from '../data/image-folder/shape-fixtures.js';
import { loadTemplate } from '../project/templates.js';
import type { EventPayload } from './contract.js';
import { EngineHost } from './engine-host.js';

let root: string;
let images: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-host-folder-'));
  images = join(root, 'shapes');
  await writeShapeDataset(images, { classes: ['circle', 'ring', 'square'], perClass: 5, corrupt: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('engine host with an image folder', () => {
  it('reports import progress, then serves samples at the imported size', async () => {
    const host = new EngineHost({ cacheDir: join(root, 'cache') });
    const progress: EventPayload<'dataset.importProgress'>[] = [];
    host.subscribe('dataset.importProgress', (p) => progress.push(p));
    try {
      const info = await host.request('dataset.importFolder', { path: images, height: 12, width: 16, fit: 'crop' });
      expect(info).toMatchObject({ classNames: ['circle', 'ring', 'square'], shape: { height: 12, width: 16, channels: 3 }, skipped: [{ path: 'circle/broken.png' }] });
      expect(progress[0]).toMatchObject({ done: 0, total: 16 });
      expect(progress.at(-1)).toEqual({ path: images, done: 16, total: 16, skipped: 1 });
      const [sample] = await host.request('dataset.samples', { split: 'train', indices: [0] });
      expect(sample).toMatchObject({ height: 12, width: 16, channels: 3 });
      expect(Buffer.from(sample?.rgb ?? '', 'base64')).toHaveLength(12 * 16 * 3);
    } finally {
      host.dispose();
    }
  });

  it('refuses to train a graph that does not fit the dataset, naming the mismatch', async () => {
    const host = new EngineHost({ cacheDir: join(root, 'cache') });
    try {
      const lenet = loadTemplate('lenet');
      await expect(host.request('training.start', { graph: lenet.graph, training: lenet.training, dataset: { kind: 'folder', path: images, fit: 'crop' } }))
        .rejects.toThrow(/Output expects 10 classes; this dataset has 3 \(circle, ring, square\)/);
    } finally {
      host.dispose();
    }
  });
});
