// NumPy's .npy format (version 1.0): a small text header describing dtype and shape, then the
// raw little-endian values. numpy.load reads it with nothing else installed; so does torch via numpy.

const MAGIC = [0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0))];

export type NpyArray = { dtype: 'float32'; shape: readonly number[]; data: Float32Array } | { dtype: 'int64'; shape: readonly number[]; data: BigInt64Array };

export function encodeNpy(array: NpyArray): Uint8Array {
  const descr = array.dtype === 'float32' ? '<f4' : '<i8';
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // NumPy aligns the data to 64 bytes: pad the header with spaces, ending in a newline.
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const width = array.dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(MAGIC.length + 4 + header.length + array.data.length * width);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  if (array.dtype === 'float32') array.data.forEach((v, i) => view.setFloat32(start + i * 4, v, true));
  else array.data.forEach((v, i) => view.setBigInt64(start + i * 8, v, true));
  return out;
}

/** Reads a little-endian float32 .npy, as `np.save` writes PyTorch's outputs. */
export function decodeNpyFloat32(bytes: Uint8Array): { shape: number[]; data: Float32Array } {
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error('Not a .npy file (bad magic bytes).');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  if (!/'descr':\s*'<f4'/.test(header) || /'fortran_order':\s*True/.test(header)) throw new Error(`Expected a C-ordered float32 .npy, got ${header.trim()}.`);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(start + i * 4, true);
  return { shape, data };
}
