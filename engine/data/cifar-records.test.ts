import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES, PIXELS_PER_IMAGE, RECORD_BYTES } from './cifar-layout.js';
import { decodeCifarRecords, decodeCifarRecordsInPlace, encodeCifarRecords } from './cifar-records.js';
import { CifarDataError } from './cifar-data-error.js';

function decode(records: Uint8Array, count: number) {
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  decodeCifarRecords(records, count, images, labels, 0, 'batch.bin');
  return { images, labels };
}

describe('CIFAR-10 records', () => {
  it('moves planar R, G, B bytes to the HWC position of their pixel', () => {
    const records = new Uint8Array(2 * RECORD_BYTES);
    const second = RECORD_BYTES;
    records[second] = 7;
    // Pixel at row 3, column 5 of the second image.
    const pixel = 3 * 32 + 5;
    records[second + 1 + pixel] = 11;
    records[second + 1 + PIXELS_PER_IMAGE + pixel] = 22;
    records[second + 1 + 2 * PIXELS_PER_IMAGE + pixel] = 33;
    // Last pixel of the blue plane of the first image.
    records[RECORD_BYTES - 1] = 99;

    const { images, labels } = decode(records, 2);

    expect([...labels]).toEqual([0, 7]);
    const at = IMAGE_BYTES + (3 * 32 + 5) * 3;
    expect([...images.subarray(at, at + 3)]).toEqual([11, 22, 33]);
    expect(images[IMAGE_BYTES - 1]).toBe(99);
    expect(images.reduce((sum, v) => sum + v, 0)).toBe(11 + 22 + 33 + 99);
  });

  it('encodes back to the exact same bytes', () => {
    const records = new Uint8Array(3 * RECORD_BYTES);
    for (let i = 0; i < records.length; i++) records[i] = (i * 31 + 7) % 256;
    for (let r = 0; r < 3; r++) records[r * RECORD_BYTES] = r + 4;
    const { images, labels } = decode(records, 3);
    // Buffer.compare: a deep toEqual over thousands of bytes takes most of a second.
    expect(Buffer.compare(encodeCifarRecords(images, labels), records)).toBe(0);
  });

  it('rejects a label byte above 9, naming the file and record', () => {
    const records = new Uint8Array(3 * RECORD_BYTES);
    records[2 * RECORD_BYTES] = 200;
    expect(() => decode(records, 3)).toThrow(CifarDataError);
    expect(() => decode(records, 3)).toThrow(/batch\.bin: record 2 has label byte 200/);
  });

  it('decodes in place exactly as into a separate array, file after file in one buffer', () => {
    // Three "files" of 4, 1 and 3 records, back to back, as the loader lays them out.
    const sizes = [4, 1, 3];
    const count = sizes.reduce((a, b) => a + b, 0);
    const records = new Uint8Array(count * RECORD_BYTES);
    for (let i = 0; i < records.length; i++) records[i] = (i * 131 + 17) % 251;
    for (let r = 0; r < count; r++) records[r * RECORD_BYTES] = (r * 3) % 10;
    const expected = decode(records, count);

    const buffer = records.slice();
    const labels = new Uint8Array(count);
    let slot = 0;
    for (const size of sizes) {
      decodeCifarRecordsInPlace(buffer, slot * RECORD_BYTES, size, labels, slot, 'batch.bin');
      slot += size;
    }
    expect(Buffer.compare(buffer.subarray(0, count * IMAGE_BYTES), expected.images)).toBe(0);
    expect([...labels]).toEqual([...expected.labels]);
  });

  it('refuses to decode in place where an image would overwrite records not yet read', () => {
    const buffer = new Uint8Array(2 * RECORD_BYTES);
    expect(() => decodeCifarRecordsInPlace(buffer, 0, 1, new Uint8Array(2), 1, 'batch.bin')).toThrow(/in place/);
  });

  it('rejects a bad label byte in place too', () => {
    const buffer = new Uint8Array(2 * RECORD_BYTES);
    buffer[RECORD_BYTES] = 10;
    expect(() => decodeCifarRecordsInPlace(buffer, 0, 2, new Uint8Array(2), 0, 'batch.bin')).toThrow(/record 1 has label byte 10/);
  });
});
