import { describe, expect, it } from 'vitest';
import { readTarEntries, TarFormatError, type TarEntryKind } from './tar-reader.js';
import { createTar } from './tar-writer.js';

async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function bytesOf(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + seed) % 251);
}

interface Read {
  name: string;
  kind: TarEntryKind;
  data: Uint8Array;
}

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Read[]> {
  const out: Read[] = [];
  for await (const entry of readTarEntries(source)) {
    const parts: Uint8Array[] = [];
    for await (const part of entry.body) parts.push(Uint8Array.from(part));
    out.push({ name: entry.name, kind: entry.kind, data: Buffer.concat(parts) });
  }
  return out;
}

describe('tar reader', () => {
  const sizes = [0, 1, 511, 512, 513, 3000];
  const archive = createTar([
    { name: 'top/', typeFlag: '5' },
    ...sizes.map((size) => ({ name: `top/file-${size}.bin`, data: bytesOf(size, size) })),
  ]);

  it.each([1, 100, 512, 4096, archive.length])('reads back entries from %i-byte chunks', async (chunk) => {
    const entries = await readAll(inChunks(archive, chunk));
    expect(entries.map((e) => [e.name, e.kind])).toEqual([
      ['top/', 'directory'],
      ...sizes.map((size) => [`top/file-${size}.bin`, 'file']),
    ]);
    for (const [i, size] of sizes.entries()) {
      expect(Buffer.compare(entries[i + 1]?.data ?? new Uint8Array(), bytesOf(size, size))).toBe(0);
    }
  });

  it('skips bodies the consumer leaves unread or half read', async () => {
    const names: string[] = [];
    for await (const entry of readTarEntries(inChunks(archive, 100))) {
      names.push(entry.name);
      // Read one piece of some bodies, none of others.
      if (entry.size > 600) for await (const _part of entry.body) break;
    }
    expect(names).toHaveLength(sizes.length + 1);
  });

  it('applies GNU long names and pax paths, and reports links as other', async () => {
    const longName = `${'deep/'.repeat(30)}file.txt`;
    const pax = new TextEncoder().encode('28 path=pax/named/entry.bin\n');
    expect(pax.length).toBe(28);
    const entries = await readAll(
      inChunks(
        createTar([
          { name: '././@LongLink', typeFlag: 'L', data: new TextEncoder().encode(`${longName}\0`) },
          { name: 'short-stand-in', data: bytesOf(10, 1) },
          { name: 'PaxHeader', typeFlag: 'x', data: pax },
          { name: 'pax-stand-in', data: bytesOf(20, 2) },
          { name: 'link', typeFlag: '2', linkName: 'short-stand-in' },
          { name: 'after.bin', data: bytesOf(5, 3) },
        ]),
        512,
      ),
    );
    expect(entries.map((e) => [e.name, e.kind, e.data.length])).toEqual([
      [longName, 'file', 10],
      ['pax/named/entry.bin', 'file', 20],
      ['link', 'other', 0],
      ['after.bin', 'file', 5],
    ]);
  });

  it('rejects bytes that are not a tar archive', async () => {
    await expect(readAll(inChunks(bytesOf(2048, 9), 512))).rejects.toThrow(/not a tar archive/);
  });

  it('rejects an archive cut in a body or a header', async () => {
    // The last body (3000 bytes, padded to 3072) sits just before the two closing zero blocks.
    const lastBodyAt = archive.length - 1024 - 3072;
    const inBody = readAll(inChunks(archive.subarray(0, lastBodyAt + 100), 512));
    await expect(inBody).rejects.toThrow(TarFormatError);
    await expect(readAll(inChunks(archive.subarray(0, lastBodyAt + 100), 512))).rejects.toThrow(
      /truncated: entry "top\/file-3000\.bin" ends after 100 of its 3000 bytes/,
    );
    await expect(readAll(inChunks(archive.subarray(0, 512 + 200), 512))).rejects.toThrow(/truncated.*header/);
  });

  it('accepts an archive without the closing zero blocks', async () => {
    const entries = await readAll(inChunks(archive.subarray(0, archive.length - 1024), 512));
    expect(entries).toHaveLength(sizes.length + 1);
  });
});
