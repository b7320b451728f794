import { describe, expect, it } from 'vitest';
import { decodeNpyFloat32, encodeNpy } from './npy.js';
import { crc32, encodeNpz } from './npz.js';

describe('.npy and .npz writing', () => {
  it('round-trips a float32 array through the .npy header and data', () => {
    const data = Float32Array.from([1.5, -2, 3.25, 0, 1e-7, -1e7]);
    const bytes = encodeNpy({ dtype: 'float32', shape: [2, 3], data });
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + (bytes[8] as number)));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect((10 + header.length) % 64).toBe(0);
    expect(decodeNpyFloat32(bytes)).toEqual({ shape: [2, 3], data });
  });

  it('writes 1-D and 0-D shapes as Python tuples', () => {
    const text = (shape: number[]) => new TextDecoder().decode(encodeNpy({ dtype: 'int64', shape, data: new BigInt64Array(Math.max(1, shape[0] ?? 1)) }).subarray(10, 80));
    expect(text([4])).toContain("'shape': (4,)");
    expect(text([])).toContain("'shape': ()");
    expect(text([])).toContain("'descr': '<i8'");
  });

  it('computes the standard CRC-32 and lays out a stored zip', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const zip = encodeNpz(new Map([['fc.weight', { dtype: 'float32' as const, shape: [1], data: Float32Array.of(2) }]]));
    const view = new DataView(zip.buffer);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(new TextDecoder().decode(zip.subarray(30, 30 + 'fc.weight.npy'.length))).toBe('fc.weight.npy');
    expect(view.getUint32(zip.length - 22, true)).toBe(0x06054b50);
  });
});
