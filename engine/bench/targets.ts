import { readFileSync } from 'node:fs';
import type { Graph } from '../graph/types.js';
import { parseProject } from '../project/load.js';
import { loadTemplate, loadTemplates } from '../project/templates.js';
import type { BenchTarget } from './options.js';

export interface LoadedTarget {
  /** The project's own name (e.g. "ResNet-mini"), else the template id or file. */
  network: string;
  source: string;
  graph: Graph;
}

/** A template or project file, read through the same loader the app uses (migrations and checks included). */
export function loadTarget(target: BenchTarget): LoadedTarget {
  if ('template' in target) {
    const project = loadTemplate(target.template);
    return { network: project.name ?? target.template, source: target.template, graph: project.graph };
  }
  let text: string;
  try {
    text = readFileSync(target.project, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the project file ${target.project} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the path.`, { cause: error });
  }
  const project = parseProject(text, target.project);
  return { network: project.name ?? target.project, source: target.project, graph: project.graph };
}

/** Every template id, LeNet first, as the gallery lists them. */
export function templateIds(): string[] {
  return loadTemplates().map((t) => t.id);
}
