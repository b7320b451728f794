// Reading tar archives (gzip or not) through node-tar, the npm CLI's own tar: streaming, with
// GNU long names and pax headers. This file only turns its errors into sentences a user can act
// on, naming the entry that was cut short.
import { Header, list, type ReadEntry } from 'tar';

export type TarEntryKind = 'file' | 'directory' | 'other';

export interface TarEntry {
  name: string;
  kind: TarEntryKind;
  size: number;
  /** The entry's bytes as they arrive; pipe it somewhere or leave it (it is skipped). */
  body: ReadEntry;
}

/** The bytes are not a tar archive, or it ends early. Callers add which archive. */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

function kindOf(entry: ReadEntry): TarEntryKind {
  if (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile') return 'file';
  return entry.type === 'Directory' ? 'directory' : 'other';
}

/**
 * Calls `onEntry` for each entry of the tar (or tar.gz: node-tar detects gzip) at `file`, in
 * order. What `onEntry` returns is awaited once the archive has been read (e.g. the file a body
 * was piped into, finishing). Throws TarFormatError for a file that is not a tar or is cut short;
 * zlib's errors (code Z_DATA_ERROR, Z_BUF_ERROR) pass through for the caller to word.
 */
export async function forEachTarEntry(file: string, onEntry: (entry: TarEntry) => Promise<void> | void): Promise<void> {
  const pending: Promise<void>[] = [];
  let current: ReadEntry | null = null;
  let entries = 0;
  try {
    await list({
      file, strict: true,
      onReadEntry: (entry: ReadEntry) => {
        entries++;
        current = entry;
        const done = onEntry({ name: entry.path, kind: kindOf(entry), size: entry.size, body: entry });
        if (done) pending.push(done);
      },
    });
  } catch (error) {
    await Promise.allSettled(pending);
    throw describeTarError(error, entries, current);
  }
  await Promise.all(pending);
}

function describeTarError(error: unknown, entries: number, current: ReadEntry | null): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? '';
  if (code === 'TAR_BAD_ARCHIVE' && /Truncated input/.test(message)) {
    // `remain` is what the entry still expected when the input ran out.
    const where = current && current.remain > 0
      ? `entry "${current.path}" ends after ${current.size - current.remain} of its ${current.size} bytes`
      : 'it ends in the middle of an entry';
    return new TarFormatError(`the archive is truncated: ${where}`, { cause: error });
  }
  if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ENTRY_INVALID' || code === 'TAR_ENTRY_ERROR') {
    return new TarFormatError(entries === 0
      ? 'the content is not a tar archive (the first header is not valid)'
      : `the archive is damaged after entry ${entries} (${message.replace(/^TAR_\w+: /, '')})`, { cause: error });
  }
  return error;
}

/** One entry for createTar: test fixtures and small bundles, built in memory. */
export interface TarInput {
  name: string;
  /** '0' file (default), '5' folder, '2' symlink, 'L' GNU long name, 'x' pax header… */
  typeFlag?: string;
  data?: Uint8Array;
  linkName?: string;
  mode?: number;
}

const BLOCK = 512;

/** A ustar archive in memory, headers encoded by node-tar; a fixed mtime keeps fixtures byte-identical. */
export function createTar(inputs: readonly TarInput[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const input of inputs) {
    const data = input.data ?? new Uint8Array(0);
    const typeFlag = input.typeFlag ?? '0';
    const header = new Header({
      path: input.name, mode: input.mode ?? (typeFlag === '5' ? 0o755 : 0o644), uid: 0, gid: 0, size: data.length,
      mtime: new Date(0), linkpath: input.linkName ?? '', uname: '', gname: '',
    });
    header.type = typeFlag as typeof header.typeKey;
    const block = Buffer.alloc(BLOCK);
    if (header.encode(block, 0)) throw new RangeError(`"${input.name}" does not fit a ustar header; give it a shorter name`);
    parts.push(block, data, new Uint8Array((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return Buffer.concat(parts);
}
