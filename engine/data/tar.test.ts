import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTar, forEachTarEntry, TarFormatError, type TarEntryKind } from './tar-entries.js';

function bytesOf(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + seed) % 251);
}

interface Read {
  name: string;
  kind: TarEntryKind;
  data: Uint8Array;
}

let root: string;
let count = 0;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'layerloom-tar-')); });
afterAll(() => rm(root, { recursive: true, force: true }));

async function fileOf(bytes: Uint8Array): Promise<string> {
  const file = join(root, `archive-${count++}`);
  await writeFile(file, bytes);
  return file;
}

async function readAll(bytes: Uint8Array): Promise<Read[]> {
  const out: Read[] = [];
  await forEachTarEntry(await fileOf(bytes), async (entry) => {
    const read: Read = { name: entry.name, kind: entry.kind, data: new Uint8Array() };
    out.push(read);
    const parts: Uint8Array[] = [];
    for await (const part of entry.body) parts.push(Uint8Array.from(part as Buffer));
    read.data = Buffer.concat(parts);
  });
  return out;
}

describe('tar entries (node-tar)', () => {
  const sizes = [0, 1, 511, 512, 513, 3000];
  const archive = createTar([
    { name: 'top/', typeFlag: '5' },
    ...sizes.map((size) => ({ name: `top/file-${size}.bin`, data: bytesOf(size, size) })),
  ]);

  it.each([['plain', archive], ['gzip', gzipSync(archive)]])('reads back every entry of a %s archive', async (_kind, bytes) => {
    const entries = await readAll(bytes);
    expect(entries.map((e) => [e.name, e.kind])).toEqual([
      ['top/', 'directory'],
      ...sizes.map((size) => [`top/file-${size}.bin`, 'file']),
    ]);
    for (const [i, size] of sizes.entries()) {
      expect(Buffer.compare(entries[i + 1]?.data ?? new Uint8Array(), bytesOf(size, size))).toBe(0);
    }
  });

  it('skips bodies the consumer leaves unread', async () => {
    const names: string[] = [];
    await forEachTarEntry(await fileOf(archive), (entry) => { names.push(entry.name); });
    expect(names).toHaveLength(sizes.length + 1);
  });

  it('applies GNU long names and pax paths, and reports links as other', async () => {
    const longName = `${'deep/'.repeat(30)}file.txt`;
    const pax = new TextEncoder().encode('28 path=pax/named/entry.bin\n');
    expect(pax.length).toBe(28);
    const entries = await readAll(createTar([
      { name: '././@LongLink', typeFlag: 'L', data: new TextEncoder().encode(`${longName}\0`) },
      { name: 'short-stand-in', data: bytesOf(10, 1) },
      { name: 'PaxHeader', typeFlag: 'x', data: pax },
      { name: 'pax-stand-in', data: bytesOf(20, 2) },
      { name: 'link', typeFlag: '2', linkName: 'short-stand-in' },
      { name: 'after.bin', data: bytesOf(5, 3) },
    ]));
    expect(entries.map((e) => [e.name, e.kind, e.data.length])).toEqual([
      [longName, 'file', 10],
      ['pax/named/entry.bin', 'file', 20],
      ['link', 'other', 0],
      ['after.bin', 'file', 5],
    ]);
  });

  it('rejects bytes that are not a tar archive', async () => {
    await expect(readAll(bytesOf(2048, 9))).rejects.toThrow(/not a tar archive/);
  });

  it('rejects an archive cut in a body, naming the entry and how much of it arrived', async () => {
    // The last body (3000 bytes, padded to 3072) sits just before the two closing zero blocks.
    const lastBodyAt = archive.length - 1024 - 3072;
    const inBody = readAll(archive.subarray(0, lastBodyAt + 100));
    await expect(inBody).rejects.toThrow(TarFormatError);
    await expect(readAll(archive.subarray(0, lastBodyAt + 100))).rejects.toThrow(
      /truncated: entry "top\/file-3000\.bin" ends after 100 of its 3000 bytes/,
    );
  });

  it('accepts an archive without the closing zero blocks', async () => {
    const entries = await readAll(archive.subarray(0, archive.length - 1024));
    expect(entries).toHaveLength(sizes.length + 1);
  });

  it('refuses a name too long for a ustar header instead of cutting it', () => {
    expect(() => createTar([{ name: 'x'.repeat(300) }])).toThrow(/does not fit a ustar header/);
  });
});
