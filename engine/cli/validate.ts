import { readFile } from 'node:fs/promises';
import { likelyBackend, memoryLimits } from '../backend/memory-limits.js';
import type { BackendName } from '../backend/types.js';
import { analyzeGraph } from '../graph/analyze.js';
import { formatBytes } from '../graph/memory.js';
import { formatShape } from '../layers/definition.js';
import { LAYERS } from '../layers/registry.js';
import { parseProject, ProjectFileError } from '../project/load.js';
import type { CliIo } from './io.js';
import { table, thousands } from './format.js';

export interface ValidateOptions {
  /** The backend whose limits the memory check uses (default: the one a run would likely get). */
  backend?: BackendName;
  /** Check memory at this batch size instead of the project's. */
  batch?: number;
  /** Free memory to check against instead of this machine's (tests). */
  freeBytes?: number;
}

export async function validateCommand(file: string, json: boolean, io: CliIo, options: ValidateOptions = {}): Promise<number> {
  let project;
  try {
    project = parseProject(await readFile(file, 'utf8'), file);
  } catch (error) {
    const message = error instanceof ProjectFileError ? error.message
      : `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
    const fix = error instanceof ProjectFileError ? error.fix : 'Check the path.';
    if (json) io.out(JSON.stringify({ ok: false, errors: [{ nodeId: null, code: 'invalid-file', message, fix }] }));
    else io.err(`✗ ${message}\n  fix: ${fix}`);
    return 1;
  }
  const backend = options.backend ?? likelyBackend();
  const training = { ...project.training, ...(options.batch === undefined ? {} : { batchSize: options.batch }) };
  const analysis = analyzeGraph(project.graph, { training, limits: memoryLimits(backend, options.freeBytes) });
  if (!analysis.valid) {
    if (json) io.out(JSON.stringify({ ok: false, errors: analysis.issues, ...(analysis.memory ? { memory: analysis.memory } : {}) }));
    else {
      io.err(`✗ ${file}: ${analysis.issues.length} problem${analysis.issues.length === 1 ? '' : 's'}`);
      for (const issue of analysis.issues) io.err(`  ${issue.nodeId ?? '(graph)'} [${issue.code}] ${issue.message}\n    fix: ${issue.fix}`);
    }
    return 1;
  }
  const nodes = analysis.order.map((id) => analysis.nodes.get(id)).filter((n) => n !== undefined);
  if (json) {
    io.out(JSON.stringify({ ok: true, params: analysis.totalParams, warnings: analysis.warnings, memory: analysis.memory, nodes: nodes.map((n) => ({ id: n.id, kind: n.kind, outputShape: n.outputShape, params: n.paramCount })) }));
  } else {
    io.out(table(['node', 'kind', 'output shape', 'params'],
      nodes.map((n) => [n.id, LAYERS[n.kind].displayName, n.outputShape ? formatShape(n.outputShape) : '?', thousands(n.paramCount)]),
      [false, false, false, true]));
    io.out(`\nTotal parameters: ${thousands(analysis.totalParams)}`);
    if (analysis.memory) io.out(`Training memory: about ${formatBytes(analysis.memory.totalBytes)} at batch ${training.batchSize} (${backend} backend)`);
    for (const warning of analysis.warnings) io.err(`⚠ ${warning.nodeId ?? '(graph)'} [${warning.code}] ${warning.message}\n    fix: ${warning.fix}`);
  }
  return 0;
}
