import { mkdtemp, rm, truncate, unlink, writeFile, appendFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CifarDataError } from './cifar-data-error.js';
import { CIFAR10_CLASS_NAMES, IMAGE_BYTES, RECORD_BYTES } from './cifar-layout.js';
import { writeCifarFixture } from './fixtures.js';
import { loadCifar10 } from './load-cifar10.js';

let root: string;
let batches: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerloom-load-'));
  batches = await writeCifarFixture(root, { trainPerBatch: 20, test: 10, seed: 3 });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function loadError(dir: string): Promise<CifarDataError> {
  const error = await loadCifar10(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CifarDataError);
  return error as CifarDataError;
}

describe('loadCifar10', () => {
  it('loads all batches in file order, as HWC bytes', async () => {
    const data = await loadCifar10(batches);
    expect(data.train.count).toBe(100);
    expect(data.test.count).toBe(10);
    expect(data.train.images.length).toBe(100 * IMAGE_BYTES);
    expect(data.classNames).toEqual(CIFAR10_CLASS_NAMES);
    expect(data.source).toBe(batches);
    // Record 0 of data_batch_2 is train image 20.
    const second = await readFile(path.join(batches, 'data_batch_2.bin'));
    expect(data.train.labels[20]).toBe(second[0]);
    expect(data.train.images[20 * IMAGE_BYTES]).toBe(second[1]);
    expect(data.train.images[20 * IMAGE_BYTES + 1]).toBe(second[1 + 1024]);
  });

  it('accepts the folder that contains cifar-10-batches-bin', async () => {
    const data = await loadCifar10(root);
    expect(data.source).toBe(batches);
  });

  it('keeps only the first images when limited', async () => {
    const full = await loadCifar10(batches);
    const data = await loadCifar10(batches, { trainLimit: 25, testLimit: 0 });
    expect(data.train.count).toBe(25);
    expect(Buffer.compare(data.train.images, full.train.images.subarray(0, 25 * IMAGE_BYTES))).toBe(0);
    expect(Buffer.compare(data.train.labels, full.train.labels.subarray(0, 25))).toBe(0);
    expect(data.test.count).toBe(0);
    await expect(loadCifar10(batches, { trainLimit: -1 })).rejects.toThrow(RangeError);
  });

  it('reads class names from batches.meta.txt and falls back to the standard ones', async () => {
    const names = CIFAR10_CLASS_NAMES.map((name) => name.toUpperCase());
    await writeFile(path.join(batches, 'batches.meta.txt'), `${names.join('\r\n')}\r\n`);
    expect((await loadCifar10(batches)).classNames).toEqual(names);
    await unlink(path.join(batches, 'batches.meta.txt'));
    expect((await loadCifar10(batches)).classNames).toEqual(CIFAR10_CLASS_NAMES);
  });

  it('rejects a class names file without 10 names', async () => {
    await writeFile(path.join(batches, 'batches.meta.txt'), 'cat\ndog\n');
    const error = await loadError(batches);
    expect(error.file).toBe(path.join(batches, 'batches.meta.txt'));
    expect(error.message).toContain('batches.meta.txt');
    expect(error.problem).toMatch(/expected 10 class names.*found 2/);
  });

  it('reports a missing folder', async () => {
    const missing = path.join(root, 'nowhere');
    const error = await loadError(missing);
    expect(error.file).toBe(missing);
    expect(error.message).toContain(missing);
    expect(error.problem).toMatch(/does not exist/);
    expect(error.fix).toMatch(/LAYERLOOM_CIFAR10_DIR|download/);
  });

  it('reports a file passed as the folder', async () => {
    const error = await loadError(path.join(batches, 'test_batch.bin'));
    expect(error.problem).toMatch(/not a CIFAR-10 folder/);
  });

  it('reports a missing batch file by name', async () => {
    await unlink(path.join(batches, 'data_batch_4.bin'));
    const error = await loadError(batches);
    expect(error.file).toBe(path.join(batches, 'data_batch_4.bin'));
    expect(error.message).toContain('data_batch_4.bin');
    expect(error.problem).toMatch(/missing/);
  });

  it('reports a missing test batch even when limits would not read it', async () => {
    await unlink(path.join(batches, 'test_batch.bin'));
    await expect(loadCifar10(batches, { trainLimit: 1, testLimit: 0 })).rejects.toThrow(/test_batch\.bin.*missing/);
  });

  it('reports a truncated file with expected and found sizes', async () => {
    const file = path.join(batches, 'data_batch_3.bin');
    await truncate(file, 20 * RECORD_BYTES - 100);
    const error = await loadError(batches);
    expect(error.file).toBe(file);
    expect(error.message).toContain('data_batch_3.bin');
    expect(error.problem).toContain(`expected a whole number of ${RECORD_BYTES}-byte records`);
    expect(error.problem).toContain(`${20 * RECORD_BYTES} bytes for 20 records`);
    expect(error.problem).toContain(`found ${20 * RECORD_BYTES - 100} bytes`);
  });

  it('reports a file with extra bytes and an empty file', async () => {
    await appendFile(path.join(batches, 'test_batch.bin'), new Uint8Array(5));
    expect((await loadError(batches)).problem).toMatch(/truncated or not a CIFAR-10 batch/);
    await truncate(path.join(batches, 'test_batch.bin'), 0);
    const error = await loadError(batches);
    expect(error.file).toBe(path.join(batches, 'test_batch.bin'));
    expect(error.problem).toMatch(/empty/);
  });

  it('reports a bad label byte with the file and record index', async () => {
    const file = path.join(batches, 'data_batch_5.bin');
    const bytes = await readFile(file);
    bytes[13 * RECORD_BYTES] = 10;
    await writeFile(file, bytes);
    const error = await loadError(batches);
    expect(error.file).toBe(file);
    expect(error.message).toContain('data_batch_5.bin');
    expect(error.problem).toMatch(/record 13 has label byte 10/);
  });
});
