// Which Python times the PyTorch twin. The benchmark and its tests use the same rule, so a
// test that skips says exactly why a benchmark run would have had no reference.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../project/templates.js';
import { venvPython } from '../python/find-python.js';

export type ReferencePython =
  | { ok: true; python: string; torch: string }
  | { ok: false; reason: string };

/** The repository's own environment (`npm run setup:python` makes it): engine/python's rule. */
export const repoVenvPython = venvPython;

/** torch's version when `python` imports torch and numpy, or why it does not. */
export function probeTorch(python: string): { ok: true; torch: string } | { ok: false; reason: string } {
  const probe = spawnSync(python, ['-c', 'import numpy, torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status === 0) return { ok: true, torch: probe.stdout.trim() };
  const why = probe.error?.message ?? (probe.stderr.trim().split('\n').at(-1) || `exited with ${probe.status}`);
  return { ok: false, reason: `${python}: ${why}` };
}

/**
 * `explicit` (--reference-python) when given, and only it; else .venv/bin/python in the
 * repository when it exists; else python3 when it imports torch; else no reference, with why.
 */
export function findReferencePython(explicit?: string, root = packageRoot()): ReferencePython {
  if (explicit !== undefined) {
    // The twin runs in a temporary folder of its own: a path (not a bare command found on PATH)
    // is made absolute against where the benchmark was started.
    const python = /[\\/]/.test(explicit) ? resolve(explicit) : explicit;
    const probe = probeTorch(python);
    return probe.ok ? { ok: true, python, torch: probe.torch }
      : { ok: false, reason: `--reference-python ${probe.reason}. Pass an interpreter that has torch and numpy (pip install torch numpy).` };
  }
  const venv = repoVenvPython(root);
  if (existsSync(venv)) {
    const probe = probeTorch(venv);
    return probe.ok ? { ok: true, python: venv, torch: probe.torch }
      : { ok: false, reason: `${probe.reason}. Recreate it with npm run setup:python, or pass --reference-python PATH.` };
  }
  const probe = probeTorch('python3');
  if (probe.ok) return { ok: true, python: 'python3', torch: probe.torch };
  return {
    ok: false,
    reason: `no ${venv} and python3 cannot import torch (${probe.reason}). Run npm run setup:python, or pass --reference-python PATH.`,
  };
}

let cached: ReferencePython | undefined;

/** The default choice, probed once per process (tests ask from several files). */
export function defaultReferencePython(): ReferencePython {
  return (cached ??= findReferencePython());
}
