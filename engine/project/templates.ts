import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProject } from './load.js';
import type { Project } from './schema.js';

/** The package root, found by walking up, so this works from sources and from dist/ alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates')) || !existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Layerloom templates folder above the engine. Reinstall Layerloom.');
    dir = parent;
  }
  return dir;
}

export function templatesDir(): string {
  return join(packageRoot(), 'templates');
}

export interface TemplateEntry {
  id: string;
  project: Project;
}

/** Every template, LeNet first, each loaded through the same path as a user's project file. */
export function loadTemplates(dir = templatesDir()): TemplateEntry[] {
  const ids = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  ids.sort((a, b) => (a === 'lenet' ? -1 : b === 'lenet' ? 1 : a.localeCompare(b)));
  return ids.map((id) => ({ id, project: loadTemplate(id, dir) }));
}

export function loadTemplate(id: string, dir = templatesDir()): Project {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`No template named '${id}'. Template ids use a–z, 0–9 and '-'.`);
  const file = join(dir, `${id}.json`);
  if (!existsSync(file)) throw new Error(`No template named '${id}'. Available: ${readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).join(', ')}.`);
  return parseProject(readFileSync(file, 'utf8'), file);
}
