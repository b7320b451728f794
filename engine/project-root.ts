import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository or installed app root: the nearest folder above `from` whose package.json is
 * Layerloom's (works from engine/ and dist/engine/, and inside the packaged app).
 */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'layerloom') return dir;
      } catch { /* unreadable manifest: keep walking up */ }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
