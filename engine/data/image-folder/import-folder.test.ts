import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodeBmp } from 'bmp-ts';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { importImageFolder } from './import-folder.js';
import { shapeImage, writeShapeDataset } from './shape-fixtures.js';
import type { ImportProgress } from './types.js';

let work: string;
let root: string;
let cacheDir: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'layerloom-folder-'));
  root = join(work, 'shapes');
  cacheDir = join(work, 'cache');
});
afterEach(() => rm(work, { recursive: true, force: true }));

describe('importImageFolder', () => {
  it('decodes PNG and JPEG to the asked size, splits stratified, and lists a corrupt file without failing', async () => {
    await writeShapeDataset(root, { classes: ['circle', 'square', 'triangle'], perClass: 10, corrupt: true });
    const progress: ImportProgress[] = [];
    const data = await importImageFolder(root, { height: 24, width: 20, fit: 'crop', cacheDir, onProgress: (p) => progress.push(p) });
    expect(data.classNames).toEqual(['circle', 'square', 'triangle']);
    expect(data.folder?.skipped).toEqual([{ path: 'circle/broken.png', reason: expect.any(String) }]);
    expect(data.train.shape).toEqual({ height: 24, width: 20, channels: 3 });
    expect(data.train.count + data.test.count).toBe(30);
    expect(data.folder?.counts.test).toEqual([2, 2, 2]);
    expect(data.folder?.counts.train).toEqual([8, 8, 8]);
    expect(data.train.images).toHaveLength(data.train.count * 24 * 20 * 3);
    expect(progress.at(-1)).toEqual({ done: 31, total: 31, skipped: 1 });
    expect(data.folder?.fromCache).toBe(false);
    // Stratified order: the last quarter (a validation hold-out) has every class.
    const tail = new Set(data.train.labels.subarray(data.train.count - 6));
    expect(tail.size).toBe(3);
  });

  it('reuses the cache and decodes only changed or new files', async () => {
    await writeShapeDataset(root, { classes: ['circle', 'square'], perClass: 6 });
    const first = await importImageFolder(root, { height: 16, width: 16, fit: 'pad', cacheDir });
    const again = await importImageFolder(root, { height: 16, width: 16, fit: 'pad', cacheDir });
    expect(again.folder).toMatchObject({ fromCache: true, decoded: 0 });
    expect(again.train.images).toEqual(first.train.images);

    const rng = createRng(3);
    await writeFile(join(root, 'circle', 'circle-000.png'), await shapeImage('circle', 'png', { width: 40, height: 30, rng }));
    await utimes(join(root, 'circle', 'circle-000.png'), new Date(), new Date(Date.now() + 5000));
    await writeFile(join(root, 'square', 'extra.png'), await shapeImage('square', 'png', { width: 40, height: 30, rng }));
    const changed = await importImageFolder(root, { height: 16, width: 16, fit: 'pad', cacheDir });
    expect(changed.folder).toMatchObject({ fromCache: false, decoded: 2 });
    expect(changed.train.count + changed.test.count).toBe(13);
  });

  it('reads train/ and test/ folders, BMP, WebP and grayscale images as one channel', async () => {
    const rng = createRng(5);
    for (const split of ['train', 'test']) {
      for (const kind of ['circle', 'square'] as const) {
        await mkdir(join(root, split, kind), { recursive: true });
        for (let i = 0; i < 3; i++) {
          await writeFile(join(root, split, kind, `${i}.webp`), await shapeImage(kind, 'webp', { width: 30, height: 30, rng, gray: true }));
        }
      }
    }
    // A BMP (libvips cannot read it; bmp-ts does): a gray 4×4 written as 24-bit ABGR.
    const { data: gray } = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 90, g: 90, b: 90 } } }).raw().toBuffer({ resolveWithObject: true });
    const abgr = Buffer.alloc(4 * 16);
    for (let p = 0; p < 16; p++) abgr.set([0, gray[p * 3] as number, gray[p * 3 + 1] as number, gray[p * 3 + 2] as number], p * 4);
    await writeFile(join(root, 'test', 'square', 'scan.bmp'), encodeBmp({ width: 4, height: 4, data: abgr, bitPP: 24 }).data);
    await writeFile(join(root, 'train', 'circle', 'notes.txt'), 'not an image');

    const data = await importImageFolder(root, { height: 8, width: 8, fit: 'crop', cacheDir });
    expect(data.folder).toMatchObject({ layout: 'train-test', skipped: [], test: { from: 'folder' } });
    expect(data.train.shape?.channels).toBe(1);
    expect(data.folder?.counts).toEqual({ train: [3, 3], test: [3, 4] });
    // The BMP's pixels came through: a uniform 90 after resizing.
    const bmpIndex = data.test.count - 1;
    expect(new Set(data.test.images.subarray(bmpIndex * 64, bmpIndex * 64 + 64))).toEqual(new Set([90]));
  });

  it('names the problem when the folder has one class or does not exist', async () => {
    await expect(importImageFolder(join(work, 'nope'), { height: 8, width: 8, fit: 'crop', cacheDir })).rejects.toThrow(/does not exist/);
    await writeShapeDataset(root, { classes: ['circle'], perClass: 2 });
    await expect(importImageFolder(root, { height: 8, width: 8, fit: 'crop', cacheDir })).rejects.toMatchObject({ message: /only one class folder \(circle\)/, fix: /at least two/ });
  });
});
