import { spawnSync, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeNpyFloat32, encodeNpy } from './npy.js';

export type TorchPython = { ok: true; python: string } | { ok: false; reason: string };

let found: TorchPython | undefined;

/**
 * A Python that can import torch and numpy, for reloading PyTorch exports in tests and checks:
 * $LAYERLOOM_PYTHON when set (and only it), else Debian's /usr/bin/python3 (python3-torch), else python3 on PATH.
 */
export function findTorchPython(): TorchPython {
  if (found) return found;
  const chosen = process.env['LAYERLOOM_PYTHON'];
  const candidates = chosen ? [chosen] : ['/usr/bin/python3', 'python3'].filter((p) => p === 'python3' || existsSync(p));
  const tried: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return (found = { ok: true, python });
    tried.push(`${python}: ${(probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)) || 'failed'}`);
  }
  return (found = { ok: false, reason: `no Python with torch and numpy (${tried.join('; ') || 'no python3 found'}); install python3-torch or set LAYERLOOM_PYTHON` });
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
