// Writes small ustar archives in memory: enough for test fixtures and exported bundles,
// not meant for gigabyte inputs.
import { TAR_BLOCK } from './tar-reader.js';

export interface TarInput {
  name: string;
  /** '0' file (default), '5' folder, '2' symlink, 'L' GNU long name, 'x' pax header… */
  typeFlag?: string;
  data?: Uint8Array;
  linkName?: string;
  mode?: number;
}

function writeText(block: Uint8Array, start: number, length: number, value: string): void {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new RangeError(`"${value}" does not fit a ${length}-byte tar field`);
  block.set(bytes, start);
}

function writeOctal(block: Uint8Array, start: number, length: number, value: number): void {
  writeText(block, start, length, value.toString(8).padStart(length - 1, '0'));
}

function header(input: TarInput, size: number): Uint8Array {
  const typeFlag = input.typeFlag ?? '0';
  const block = new Uint8Array(TAR_BLOCK);
  writeText(block, 0, 100, input.name);
  writeOctal(block, 100, 8, input.mode ?? (typeFlag === '5' ? 0o755 : 0o644));
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  // A fixed time keeps fixture archives byte-identical across runs.
  writeOctal(block, 136, 12, 0);
  writeText(block, 156, 1, typeFlag);
  writeText(block, 157, 100, input.linkName ?? '');
  writeText(block, 257, 6, 'ustar');
  writeText(block, 263, 2, '00');
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  writeText(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

export function createTar(inputs: TarInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const input of inputs) {
    const data = input.data ?? new Uint8Array(0);
    parts.push(header(input, data.length), data, new Uint8Array((TAR_BLOCK - (data.length % TAR_BLOCK)) % TAR_BLOCK));
  }
  parts.push(new Uint8Array(TAR_BLOCK * 2));
  return Buffer.concat(parts);
}
