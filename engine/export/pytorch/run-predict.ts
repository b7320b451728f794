import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPython, type FoundPython } from '../../python/find-python.js';
import { decodeNpyFloat32, encodeNpy } from './npy.js';

export type TorchPython = FoundPython;

/** A Python that can import torch and numpy, for reloading PyTorch exports in tests and checks (engine/python's rule). */
export function findTorchPython(): TorchPython {
  return findPython(['torch', 'numpy']);
}

/** Runs an export folder's predict.py exactly as a user's script would, on NCHW normalized images. */
export async function runPredictPy(python: string, exportDir: string, nchw: Float32Array, count: number, [height, width, channels]: readonly number[] = [32, 32, 3]): Promise<Float32Array> {
  const work = await mkdtemp(join(tmpdir(), 'layerloom-predict-'));
  try {
    const input = join(work, 'x.npy');
    const output = join(work, 'logits.npy');
    await writeFile(input, encodeNpy({ dtype: 'float32', shape: [count, channels ?? 3, height ?? 32, width ?? 32], data: nchw }));
    await promisify(execFile)(python, [join(exportDir, 'predict.py'), '--input', input, '--output', output], {
      timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    return decodeNpyFloat32(await readFile(output)).data;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
