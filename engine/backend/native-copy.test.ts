// Slice, Concat and SplitV as native strided copies: the fast copy against its reference,
// and the TF.js ops on WASM against the stock CPU backend on assorted boxes (rank 1 to 5,
// int32, empty parts, channel-axis and batch-axis boxes). Skipped where the addon is not built.
import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { boxGeometry, stridesOf } from './native-copy.js';
import { loadNativeKernels } from './native-kernels.js';
import { pseudoRandom } from './testing/util.js';
import { startWasmBackend } from './wasm-init.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[native copies] SKIPPED: ${load.reason}`);

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** Runs `f` on both backends and expects the same values and shapes (exact: these ops only move data). */
async function expectSameOnBothBackends(f: () => tf.Tensor | tf.Tensor[]) {
  const run = async (backend: 'cpu' | 'wasm') => {
    await tf.setBackend(backend);
    return tf.tidy(() => [f()].flat().map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })));
  };
  expect(await run('wasm')).toEqual(await run('cpu'));
}

describe.skipIf(!load.ok)('native slice / concat / split', () => {
  beforeAll(async () => {
    await startWasmBackend();
  });

  it.each([
    { label: 'channels of NHWC', src: [4, 5, 6, 7], begin: [0, 0, 0, 2], box: [4, 5, 6, 3] },
    { label: 'a batch range (one contiguous run)', src: [6, 3, 3, 2], begin: [2, 0, 0, 0], box: [3, 3, 3, 2] },
    { label: 'every axis cut', src: [5, 6, 7], begin: [1, 2, 3], box: [3, 1, 4] },
    { label: 'rank 1', src: [17], begin: [5], box: [9] },
  ])('fast copy matches its reference: $label', ({ src, begin, box }) => {
    const native = load.ok ? load.kernels : (undefined as never);
    const x = pseudoRandom(size(src), 3);
    const strides = stridesOf(src);
    const offset = begin.reduce((s, b, a) => s + b * (strides[a] as number), 0);
    const geometry = boxGeometry(box, strides, stridesOf(box), offset, 0);
    const [fast, ref] = [new Float32Array(size(box)), new Float32Array(size(box))];
    native.stridedCopy(geometry, x, fast, false);
    native.stridedCopy(geometry, x, ref, true);
    expect(Array.from(fast)).toEqual(Array.from(ref));
    expect(() => native.stridedCopy(boxGeometry(box, strides, stridesOf(box), offset + size(src), 0), x, fast, false)).toThrow(/outside/);
  });

  it.each([
    { label: 'channels', shape: [3, 4, 5, 8], begin: [0, 0, 0, 3], sz: [-1, -1, -1, 4] },
    { label: 'batch', shape: [5, 2, 3], begin: [1, 0, 0], sz: [3, -1, -1] },
    { label: 'middle axes', shape: [2, 6, 5, 3, 2], begin: [1, 2, 1, 0, 1], sz: [1, 3, 2, 3, 1] },
    { label: 'empty', shape: [4, 3], begin: [1, 1], sz: [2, 0] },
  ])('tf.slice matches the CPU backend: $label', async ({ shape, begin, sz }) => {
    await expectSameOnBothBackends(() => tf.slice(tf.tensor(pseudoRandom(size(shape), 7), shape), begin, sz));
    await expectSameOnBothBackends(() => tf.slice(tf.tensor(Int32Array.from(pseudoRandom(size(shape), 8), (v) => Math.round(v * 100)), shape, 'int32'), begin, sz));
  });

  it.each([
    { label: 'channels of NHWC', shapes: [[2, 3, 4, 5], [2, 3, 4, 1], [2, 3, 4, 7]], axis: -1 },
    { label: 'batch', shapes: [[1, 3], [4, 3]], axis: 0 },
    { label: 'middle axis, one part empty', shapes: [[2, 2, 3], [2, 0, 3], [2, 5, 3]], axis: 1 },
  ])('tf.concat and tf.split match the CPU backend: $label', async ({ shapes, axis }) => {
    const parts = () => shapes.map((s, i) => tf.tensor(pseudoRandom(size(s), 11 + i), s));
    await expectSameOnBothBackends(() => tf.concat(parts(), axis));
    const whole = shapes.reduce((a, s) => a + (s.at(axis) as number), 0);
    const sizes = shapes.map((s) => s.at(axis) as number);
    await expectSameOnBothBackends(() => {
      const joined = tf.concat(parts(), axis);
      return [...tf.split(joined, sizes, axis), ...tf.split(joined, whole === 0 ? 1 : [whole], axis)];
    });
  });

  it('gives the gradient of a channel concat as the CPU backend', async () => {
    await expectSameOnBothBackends(() => {
      const [a, b] = [tf.tensor4d(pseudoRandom(2 * 3 * 3 * 4, 1), [2, 3, 3, 4]), tf.tensor4d(pseudoRandom(2 * 3 * 3 * 2, 2), [2, 3, 3, 2])];
      const w = tf.tensor4d(pseudoRandom(2 * 3 * 3 * 6, 3), [2, 3, 3, 6]);
      return tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], -1), w)))([a, b]);
    });
  });
});
