import { spawn } from 'node:child_process';
import { findPython, type FoundPython } from '../python/find-python.js';

/**
 * `{python}` in a reference command stands for the Python the engine's checks use (engine/python:
 * LAYERLOOM_PYTHON, the project's .venv, a system python3), the one with torch.
 */
export function expandPython(command: string, find: () => FoundPython = () => findPython(['torch'])): string {
  if (!command.includes('{python}')) return command;
  const python = find();
  if (!python.ok) throw new Error(`--reference uses {python}, but ${python.reason}`);
  return command.replaceAll('{python}', JSON.stringify(python.python));
}

/**
 * Runs the reference command once and reads its training speed from its JSON lines: the
 * last line with `ips`, `mean_ips` or `imagesPerSec` (the PyTorch script prints the first two).
 */
export function runReference(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(expandPython(command), { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`reference command exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      const rate = parseReferenceRate(stdout);
      if (rate === null) reject(new Error(`reference command printed no JSON line with ips, mean_ips or imagesPerSec:\n${stdout.slice(-500)}`));
      else resolve(rate);
    });
  });
}

export function parseReferenceRate(output: string): number | null {
  let rate: number | null = null;
  for (const line of output.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const json = JSON.parse(line) as Record<string, unknown>;
      const value = json['mean_ips'] ?? json['ips'] ?? json['imagesPerSec'];
      if (typeof value === 'number' && Number.isFinite(value)) rate = value;
    } catch {
      // Not every line a reference prints is JSON; only the JSON ones are read.
    }
  }
  return rate;
}
