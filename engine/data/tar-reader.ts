// A streaming ustar reader, just enough for dataset archives: regular files and folders,
// with GNU long names and pax headers understood so they never crash the import.
// Streaming matters because the CIFAR-10 tarball is 180 MB once un-gzipped.

export const TAR_BLOCK = 512;

export type TarEntryKind = 'file' | 'directory' | 'other';

export interface TarEntry {
  name: string;
  kind: TarEntryKind;
  /** The raw type flag, for callers that care about links or devices. */
  typeFlag: string;
  size: number;
  /** The entry's bytes as they arrive. Whatever is not read is skipped when iteration moves on. */
  body: AsyncIterable<Uint8Array>;
}

/** The bytes are not a tar archive, or it ends early. Callers add which archive. */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

const EMPTY = new Uint8Array(0);

class ByteReader {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private buffered: Uint8Array = EMPTY;
  /** Bytes handed out so far; used to say where a problem is. */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (this.buffered.length === 0) {
      const next = await this.chunks.next();
      if (next.done) return false;
      this.buffered = next.value;
    }
    return true;
  }

  private take(max: number): Uint8Array {
    const part = this.buffered.subarray(0, Math.min(max, this.buffered.length));
    this.buffered = this.buffered.subarray(part.length);
    this.position += part.length;
    return part;
  }

  /** Exactly n bytes, or null when the source ended cleanly before the first byte. */
  async readExactly(n: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (!(await this.fill())) {
        if (filled === 0) return null;
        throw new TarFormatError(`the archive is truncated: it ends in the middle of a header at byte ${this.position}`);
      }
      const part = this.take(n - filled);
      out.set(part, filled);
      filled += part.length;
    }
    return out;
  }

  /** The next piece of at most `max` bytes; `describe` names what was cut short. */
  async readPart(max: number, describe: () => string): Promise<Uint8Array> {
    if (!(await this.fill())) {
      throw new TarFormatError(`the archive is truncated: ${describe()}`);
    }
    return this.take(max);
  }

  async skip(n: number, describe: () => string): Promise<void> {
    for (let left = n; left > 0; ) left -= (await this.readPart(left, describe)).length;
  }
}

/** An entry body that reads straight from the archive; it tracks what is left so the reader can skip it. */
class EntryBody implements AsyncIterable<Uint8Array> {
  left: number;

  constructor(
    private readonly reader: ByteReader,
    private readonly size: number,
    private readonly name: string,
  ) {
    this.left = size;
  }

  readonly describe = (): string =>
    this.left === 0
      ? `entry "${this.name}" ends without its closing padding`
      : `entry "${this.name}" ends after ${this.size - this.left} of its ${this.size} bytes`;

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    while (this.left > 0) {
      const part = await this.reader.readPart(this.left, this.describe);
      this.left -= part.length;
      yield part;
    }
  }
}

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

function numberField(block: Uint8Array, start: number, length: number): number {
  const first = block[start] as number;
  if (first & 0x80) {
    // GNU base-256, used for sizes past 8 GiB; positive values only make sense here.
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (block[start + i] as number);
    return value;
  }
  const digits = text(block, start, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) return Number.NaN;
  return parseInt(digits, 8);
}

function checksumMatches(block: Uint8Array): boolean {
  const stored = numberField(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] as number);
  return stored === sum;
}

function isZeroBlock(block: Uint8Array): boolean {
  return block.every((byte) => byte === 0);
}

function kindOf(typeFlag: string): TarEntryKind {
  if (typeFlag === '0' || typeFlag === '' || typeFlag === '7') return 'file';
  if (typeFlag === '5') return 'directory';
  return 'other';
}

function paxRecords(body: Uint8Array): Map<string, string> {
  // Records are "<length> <key>=<value>\n"; length counts the whole record in bytes.
  const records = new Map<string, string>();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(new TextDecoder().decode(body.subarray(at, space)), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = new TextDecoder().decode(body.subarray(space + 1, at + length - 1));
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

async function collect(body: EntryBody, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of body) {
    out.set(chunk, filled);
    filled += chunk.length;
  }
  return out;
}

function padding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

export async function* readTarEntries(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source);
  let longName: string | null = null;
  let paxPath: string | null = null;
  let paxSize: number | null = null;
  for (;;) {
    const headerAt = reader.position;
    const header = await reader.readExactly(TAR_BLOCK);
    // Archives end with zero blocks; some writers omit them, so a clean end is fine too.
    if (header === null || isZeroBlock(header)) return;
    if (!checksumMatches(header)) {
      throw new TarFormatError(
        headerAt === 0
          ? 'the content is not a tar archive (the first header is not valid)'
          : `the archive is damaged: the header at byte ${headerAt} is not valid`,
      );
    }
    const typeFlag = String.fromCharCode(header[156] as number).replace('\0', '');
    const size = paxSize ?? numberField(header, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new TarFormatError(`the archive is damaged: the header at byte ${headerAt} has an unreadable size`);
    }
    if (typeFlag === 'L' || typeFlag === 'x' || typeFlag === 'g') {
      const extension = new EntryBody(reader, size, text(header, 0, 100));
      const body = await collect(extension, size);
      await reader.skip(padding(size), extension.describe);
      if (typeFlag === 'L') longName = text(body, 0, body.length);
      if (typeFlag === 'x') {
        const records = paxRecords(body);
        paxPath = records.get('path') ?? null;
        const paxSizeText = records.get('size');
        paxSize = paxSizeText === undefined ? null : Number(paxSizeText);
      }
      continue;
    }

    // POSIX ustar splits long paths into prefix + name; GNU tar uses that space for other fields.
    const isPosixUstar = text(header, 257, 6) === 'ustar';
    const prefix = isPosixUstar ? text(header, 345, 155) : '';
    const shortName = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const name = paxPath ?? longName ?? shortName;
    longName = null;
    paxPath = null;
    paxSize = null;

    const body = new EntryBody(reader, size, name);
    yield { name, kind: kindOf(typeFlag), typeFlag, size, body };
    // Skip whatever the consumer did not read, then the block padding.
    await reader.skip(body.left + padding(size), body.describe);
  }
}
