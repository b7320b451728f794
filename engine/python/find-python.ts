import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';

/**
 * Which Python the engine's checks run (export reload tests, the PyTorch reference of the
 * benchmark), one rule for all of them:
 *   $LAYERLOOM_PYTHON when set (and only it: an explicit choice is never passed over),
 *   else the project's own venv `.venv` (made by `npm run setup:python`),
 *   else a system python3 — the first that imports every module asked for.
 */
export type FoundPython = { ok: true; python: string; versions: Record<string, string> } | { ok: false; reason: string };

export const SETUP_HINT = 'run `npm run setup:python` (or set LAYERLOOM_PYTHON to a Python that has them)';

/** The project's venv interpreter, where `npm run setup:python` puts it. */
export function venvPython(root: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? join(root, '.venv', 'Scripts', 'python.exe') : join(root, '.venv', 'bin', 'python');
}

export { projectRoot };

export function pythonCandidates(env: NodeJS.ProcessEnv = process.env, root = projectRoot()): string[] {
  const chosen = env['LAYERLOOM_PYTHON'];
  if (chosen) return [chosen];
  const venv = root ? venvPython(root) : undefined;
  const system = process.platform === 'win32' ? ['python'] : ['/usr/bin/python3', 'python3'];
  return [...(venv && existsSync(venv) ? [venv] : []), ...system.filter((p) => !p.startsWith('/') || existsSync(p))];
}

const cache = new Map<string, FoundPython>();

/** The first candidate Python that imports all of `modules`, with their versions; or why none did. */
export function findPython(modules: readonly string[], candidates = pythonCandidates()): FoundPython {
  const key = `${modules.join(',')}|${candidates.join(',')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const probe = `import importlib, json, sys\nmods = {m: importlib.import_module(m) for m in sys.argv[1:]}\nprint(json.dumps({m: str(getattr(x, '__version__', '?')) for m, x in mods.items()}))`;
  const tried: string[] = [];
  let found: FoundPython | undefined;
  for (const python of candidates) {
    const run = spawnSync(python, ['-c', probe, ...modules], { encoding: 'utf8', timeout: 60_000 });
    if (run.status === 0) {
      found = { ok: true, python, versions: JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string> };
      break;
    }
    tried.push(`${python}: ${(run.error?.message ?? run.stderr.trim().split('\n').at(-1)) || `exited with ${run.status}`}`);
  }
  found ??= { ok: false, reason: `no Python with ${modules.join(', ')} (tried ${tried.join('; ') || 'none: no python3 found'}); ${SETUP_HINT}` };
  cache.set(key, found);
  return found;
}
