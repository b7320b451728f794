import { readFile } from 'node:fs/promises';
import { analyzeGraph } from '../graph/analyze.js';
import { formatShape } from '../layers/definition.js';
import { LAYERS } from '../layers/registry.js';
import { parseProject, ProjectFileError } from '../project/load.js';
import type { CliIo } from './io.js';
import { table, thousands } from './format.js';

export async function validateCommand(file: string, json: boolean, io: CliIo): Promise<number> {
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
  const analysis = analyzeGraph(project.graph);
  if (!analysis.valid) {
    if (json) io.out(JSON.stringify({ ok: false, errors: analysis.issues }));
    else {
      io.err(`✗ ${file}: ${analysis.issues.length} problem${analysis.issues.length === 1 ? '' : 's'}`);
      for (const issue of analysis.issues) io.err(`  ${issue.nodeId ?? '(graph)'} [${issue.code}] ${issue.message}\n    fix: ${issue.fix}`);
    }
    return 1;
  }
  const nodes = analysis.order.map((id) => analysis.nodes.get(id)).filter((n) => n !== undefined);
  if (json) {
    io.out(JSON.stringify({ ok: true, params: analysis.totalParams, nodes: nodes.map((n) => ({ id: n.id, kind: n.kind, outputShape: n.outputShape, params: n.paramCount })) }));
  } else {
    io.out(table(['node', 'kind', 'output shape', 'params'],
      nodes.map((n) => [n.id, LAYERS[n.kind].displayName, n.outputShape ? formatShape(n.outputShape) : '?', thousands(n.paramCount)]),
      [false, false, false, true]));
    io.out(`\nTotal parameters: ${thousands(analysis.totalParams)}`);
  }
  return 0;
}
