import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_COUNT, IMAGE_BYTES, type CifarSplit } from './cifar-layout.js';
import { createLearnableSplit, writeCifarFixture } from './fixtures.js';
import { loadCifar10 } from './load-cifar10.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerloom-fixtures-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Per-class mean image: a classifier far weaker than any conv net. */
function classMeans(split: CifarSplit): Float64Array[] {
  const sums = Array.from({ length: CLASS_COUNT }, () => new Float64Array(IMAGE_BYTES));
  const counts = new Array<number>(CLASS_COUNT).fill(0);
  for (let i = 0; i < split.count; i++) {
    const label = split.labels[i] as number;
    counts[label] = (counts[label] ?? 0) + 1;
    const sum = sums[label] as Float64Array;
    for (let j = 0; j < IMAGE_BYTES; j++) sum[j] = (sum[j] ?? 0) + (split.images[i * IMAGE_BYTES + j] as number);
  }
  return sums.map((sum, label) => sum.map((v) => v / (counts[label] ?? 1)));
}

function nearestMeanAccuracy(train: CifarSplit, test: CifarSplit): number {
  const means = classMeans(train);
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const [label, mean] of means.entries()) {
      let distance = 0;
      for (let j = 0; j < IMAGE_BYTES; j++) distance += ((test.images[i * IMAGE_BYTES + j] as number) - (mean[j] as number)) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [label, distance];
    }
    if (best === test.labels[i]) correct++;
  }
  return correct / test.count;
}

describe('writeCifarFixture', () => {
  it('writes a complete folder that loads, with balanced labels', async () => {
    const dir = await writeCifarFixture(path.join(root, 'a'));
    expect(dir).toBe(path.join(root, 'a', 'cifar-10-batches-bin'));
    expect((await readdir(dir)).sort()).toEqual([
      'batches.meta.txt',
      'data_batch_1.bin',
      'data_batch_2.bin',
      'data_batch_3.bin',
      'data_batch_4.bin',
      'data_batch_5.bin',
      'test_batch.bin',
    ]);
    const data = await loadCifar10(dir);
    expect(data.train.count).toBe(500);
    expect(data.test.count).toBe(100);
    const perClass = new Array<number>(CLASS_COUNT).fill(0);
    for (const label of data.train.labels) perClass[label] = (perClass[label] ?? 0) + 1;
    expect(perClass).toEqual(new Array<number>(CLASS_COUNT).fill(50));
  });

  it('is byte-identical per seed and different across seeds', async () => {
    const [a, b, c] = await Promise.all([
      writeCifarFixture(path.join(root, 's1'), { trainPerBatch: 5, test: 5, seed: 5 }),
      writeCifarFixture(path.join(root, 's2'), { trainPerBatch: 5, test: 5, seed: 5 }),
      writeCifarFixture(path.join(root, 's3'), { trainPerBatch: 5, test: 5, seed: 6 }),
    ]);
    const read = (dir: string, file: string) => readFile(path.join(dir, file));
    expect(Buffer.compare(await read(a, 'data_batch_3.bin'), await read(b, 'data_batch_3.bin'))).toBe(0);
    expect(Buffer.compare(await read(a, 'data_batch_3.bin'), await read(c, 'data_batch_3.bin'))).not.toBe(0);
    expect(Buffer.compare(await read(a, 'data_batch_1.bin'), await read(a, 'data_batch_2.bin'))).not.toBe(0);
  });

  it('keeps the test split the same whatever the train size', async () => {
    const small = await writeCifarFixture(path.join(root, 'small'), { trainPerBatch: 2, test: 7 });
    const large = await writeCifarFixture(path.join(root, 'large'), { trainPerBatch: 9, test: 7 });
    const read = (dir: string) => readFile(path.join(dir, 'test_batch.bin'));
    expect(Buffer.compare(await read(small), await read(large))).toBe(0);
  });
});

describe('createLearnableSplit', () => {
  it('makes classes a nearest-mean classifier already separates', () => {
    const train = createLearnableSplit(200, 1);
    const test = createLearnableSplit(100, 2);
    expect(nearestMeanAccuracy(train, test)).toBeGreaterThan(0.9);
  });

  it('varies images within a class', () => {
    const split = createLearnableSplit(20, 3);
    const image = (i: number) => split.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
    const firstOfClass = new Map<number, number>();
    let differing = 0;
    for (let i = 0; i < split.count; i++) {
      const label = split.labels[i] as number;
      const first = firstOfClass.get(label);
      if (first === undefined) firstOfClass.set(label, i);
      else if (Buffer.compare(image(i), image(first)) !== 0) differing++;
    }
    expect(differing).toBe(10);
  });
});
