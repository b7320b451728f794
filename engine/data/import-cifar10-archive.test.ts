import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CifarDataError } from './cifar-data-error.js';
import { writeCifarArchive, writeCifarFixture } from './fixtures.js';
import { importCifar10Archive } from './import-cifar10-archive.js';
import { loadCifar10 } from './load-cifar10.js';
import { createTar, type TarInput } from './tar-entries.js';

let root: string;
let fixture: string;
let archive: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerloom-import-'));
  fixture = await writeCifarFixture(path.join(root, 'fixture'), { trainPerBatch: 10, test: 10 });
  archive = path.join(root, 'cifar-10-binary.tar.gz');
  await writeCifarArchive(archive, fixture);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fixtureEntries(): Promise<TarInput[]> {
  const names = (await readdir(fixture)).sort();
  return Promise.all(
    names.map(async (name) => ({ name: `cifar-10-batches-bin/${name}`, data: await readFile(path.join(fixture, name)) })),
  );
}

async function importError(archivePath: string, dest: string): Promise<CifarDataError> {
  const error = await importCifar10Archive(archivePath, dest).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CifarDataError);
  return error as CifarDataError;
}

describe('importCifar10Archive', () => {
  it('extracts cifar-10-batches-bin so it loads like the original', async () => {
    const dest = path.join(root, 'round-trip');
    const dir = await importCifar10Archive(archive, dest);
    expect(dir).toBe(path.join(dest, 'cifar-10-batches-bin'));
    expect(await readdir(dest)).toEqual(['cifar-10-batches-bin']);
    const [imported, original] = await Promise.all([loadCifar10(dir), loadCifar10(fixture)]);
    expect(Buffer.compare(imported.train.images, original.train.images)).toBe(0);
    expect(Buffer.compare(imported.test.labels, original.test.labels)).toBe(0);
    expect(imported.classNames).toEqual(original.classNames);
  });

  it('replaces an earlier import and leaves no staging folders', async () => {
    const dest = path.join(root, 'replace');
    await importCifar10Archive(archive, dest);
    const other = await writeCifarFixture(path.join(root, 'other'), { trainPerBatch: 3, test: 4, seed: 9 });
    const otherArchive = path.join(root, 'other.tar.gz');
    await writeCifarArchive(otherArchive, other);
    const dir = await importCifar10Archive(otherArchive, dest);
    expect((await loadCifar10(dir)).test.count).toBe(4);
    expect(await readdir(dest)).toEqual(['cifar-10-batches-bin']);
  });

  it('ignores other entries, links, GNU long names and nested folders', async () => {
    const odd = path.join(root, 'odd.tar.gz');
    const entries: TarInput[] = [
      { name: './', typeFlag: '5' },
      { name: '././@LongLink', typeFlag: 'L', data: new TextEncoder().encode(`${'x'.repeat(150)}\0`) },
      { name: 'x-stand-in', data: new Uint8Array(10) },
      { name: 'cifar-10-batches-bin/', typeFlag: '5' },
      { name: 'cifar-10-batches-bin/readme.html', data: new TextEncoder().encode('<p>hi</p>') },
      { name: 'cifar-10-batches-bin/link.bin', typeFlag: '2', linkName: 'test_batch.bin' },
      { name: 'cifar-10-batches-bin/sub/data_batch_1.bin', data: new Uint8Array(3) },
      { name: 'cifar-10-batches-bin/../escape.bin', data: new Uint8Array(3) },
      ...(await fixtureEntries()).map((e) => ({ ...e, name: `./${e.name}` })),
    ];
    await writeFile(odd, gzipSync(createTar(entries)));
    const dest = path.join(root, 'odd');
    const dir = await importCifar10Archive(odd, dest);
    expect((await readdir(dir)).sort()).toEqual([...(await readdir(fixture)), 'readme.html'].sort());
    expect((await loadCifar10(dir)).train.count).toBe(50);
    expect(await readdir(dest)).toEqual(['cifar-10-batches-bin']);
  });

  it('reports a missing archive', async () => {
    const missing = path.join(root, 'missing.tar.gz');
    const error = await importError(missing, path.join(root, 'dest-missing'));
    expect(error.file).toBe(missing);
    expect(error.problem).toMatch(/does not exist/);
  });

  it('reports a file that is not gzip', async () => {
    const plain = path.join(root, 'plain.tar.gz');
    await writeFile(plain, 'hello, not an archive');
    const error = await importError(plain, path.join(root, 'dest-plain'));
    expect(error.file).toBe(plain);
    expect(error.message).toContain('plain.tar.gz');
    expect(error.problem).toMatch(/not gzip/);
  });

  it('reports gzip data that is not a tar archive', async () => {
    const notTar = path.join(root, 'not-tar.tar.gz');
    await writeFile(notTar, gzipSync(new Uint8Array(4096).fill(65)));
    expect((await importError(notTar, path.join(root, 'dest-not-tar'))).problem).toMatch(/not a tar archive/);
  });

  it('reports a truncated archive and leaves the destination as it was', async () => {
    const dest = path.join(root, 'keep');
    await importCifar10Archive(archive, dest);
    const bytes = await readFile(archive);
    const cut = path.join(root, 'cut.tar.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await importError(cut, dest);
    expect(error.file).toBe(cut);
    expect(error.problem).toMatch(/truncated/);
    expect(await readdir(dest)).toEqual(['cifar-10-batches-bin']);
    expect((await loadCifar10(dest)).train.count).toBe(50);
  });

  it('reports damaged compressed data', async () => {
    const bytes = Buffer.from(await readFile(archive));
    for (let i = 20; i < 200; i++) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    const damaged = path.join(root, 'damaged.tar.gz');
    await writeFile(damaged, bytes);
    expect((await importError(damaged, path.join(root, 'dest-damaged'))).problem).toMatch(/damaged|not a tar archive/);
  });

  it('reports an archive without cifar-10-batches-bin', async () => {
    const python = path.join(root, 'python.tar.gz');
    await writeFile(python, gzipSync(createTar([{ name: 'cifar-10-batches-py/data_batch_1', data: new Uint8Array(9) }])));
    const dest = path.join(root, 'dest-python');
    const error = await importError(python, dest);
    expect(error.file).toBe(python);
    expect(error.problem).toMatch(/no cifar-10-batches-bin folder/);
    expect(error.fix).toMatch(/binary version/);
    expect(await readdir(dest)).toEqual([]);
  });

  it('reports an archive missing a batch file, naming both', async () => {
    const partial = path.join(root, 'partial.tar.gz');
    const entries = (await fixtureEntries()).filter((e) => !e.name.endsWith('test_batch.bin'));
    await writeFile(partial, gzipSync(createTar(entries)));
    const error = await importError(partial, path.join(root, 'dest-partial'));
    expect(error.file).toBe(partial);
    expect(error.problem).toMatch(/cifar-10-batches-bin\/test_batch\.bin in the archive/);
  });
});
