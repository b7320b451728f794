import { formatShape } from '../layers/definition.js';
import { classCountOf } from '../layers/output.js';
import { LAYERS } from '../layers/registry.js';
import { checkTrainingMemory, type MemoryEstimate, type MemoryLimits, type MemoryTraining } from './memory.js';
import { checkParams } from './params.js';
import { adjacency, reachable, topologicalOrder } from './topology.js';
import type { Graph, GraphIssue, GraphNode, Params, Shape } from './types.js';
import { NODE_KINDS } from './types.js';

export interface NodeAnalysis {
  id: string;
  kind: GraphNode['kind'];
  /** Params after checking, with defaults filled in. */
  params: Params;
  /** Null when it cannot be known (an input is missing or broken). */
  outputShape: Shape | null;
  paramCount: number;
}

export interface GraphAnalysis {
  valid: boolean;
  issues: GraphIssue[];
  nodes: Map<string, NodeAnalysis>;
  /** Dependency order of the nodes that are not on a cycle. */
  order: string[];
  totalParams: number;
  /** Problems that do not stop a run (a run close to the memory limit), shown but not blocking. */
  warnings: GraphIssue[];
  /** The run's memory estimate, when the caller gave the training settings and limits. */
  memory: MemoryEstimate | null;
}

/** The run a graph is checked for, beyond its own structure: its memory against these limits. */
export interface RunContext {
  training: MemoryTraining;
  limits: MemoryLimits;
}

/**
 * Shapes, parameter counts and every problem of a graph in one pass. Pure and synchronous:
 * the canvas calls it on every edit.
 */
export function analyzeGraph(graph: Graph, run?: RunContext): GraphAnalysis {
  const issues: GraphIssue[] = [];
  const nodes = uniqueKnownNodes(graph.nodes, issues);
  const ids = nodes.map((n) => n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = usableEdges(graph, byId, issues);
  const adj = adjacency(ids, edges);
  const name = (id: string) => LAYERS[(byId.get(id) as GraphNode).kind].displayName;

  checkEndpoints(nodes, issues);

  const { order, onCycle } = topologicalOrder(ids, adj);
  for (const id of onCycle) {
    issues.push({ nodeId: id, code: 'cycle', message: `${name(id)} is part of a cycle: its output flows back into its own input.`, fix: 'Delete one of the edges that loops back.' });
  }

  const outputs = nodes.filter((n) => n.kind === 'output').map((n) => n.id);
  const feedsOutput = reachable(outputs, adj.incoming);
  const analyses = new Map<string, NodeAnalysis>();
  for (const node of nodes) {
    const params = checkParams(node, issues);
    analyses.set(node.id, { id: node.id, kind: node.kind, params, outputShape: null, paramCount: 0 });
  }

  for (const id of order) {
    const node = byId.get(id) as GraphNode;
    const layer = LAYERS[node.kind];
    const analysis = analyses.get(id) as NodeAnalysis;
    const sources = adj.incoming.get(id) ?? [];
    const isolated = sources.length === 0 && (adj.outgoing.get(id)?.length ?? 0) === 0;
    if (sources.length < layer.inputs.min && !(isolated && node.kind !== 'output')) {
      issues.push(sources.length === 0
        ? { nodeId: id, code: 'no-incoming', message: `${layer.displayName} has no input.`, fix: `Connect a layer's output handle to the input handle of ${layer.displayName}.` }
        : { nodeId: id, code: 'too-few-inputs', message: `${layer.displayName} needs at least ${layer.inputs.min} inputs but has ${sources.length}.`, fix: `Connect another branch to ${layer.displayName}, or delete it.` });
      continue;
    }
    if (sources.length > layer.inputs.max) {
      issues.push({ nodeId: id, code: 'too-many-inputs', message: `${layer.displayName} takes ${layer.inputs.max === 1 ? 'one input' : `at most ${layer.inputs.max} inputs`} but has ${sources.length}.`, fix: 'Merge the branches with an Add or Concat first, or delete the extra edges.' });
      continue;
    }
    if (node.kind !== 'output' && !feedsOutput.has(id)) {
      issues.push({ nodeId: id, code: 'unconnected', message: `${layer.displayName} is not connected to the Output, so its result is never used.`, fix: 'Connect it on a path to Output, or delete it.' });
    }
    const inputShapes = sources.map((s) => analyses.get(s)?.outputShape ?? null);
    if (inputShapes.some((s) => s === null)) continue;
    const shapes = inputShapes as Shape[];
    const result = layer.inferShape(shapes, analysis.params);
    if (!result.ok) {
      issues.push({ nodeId: id, ...result.problem });
      continue;
    }
    analysis.outputShape = result.shape;
    analysis.paramCount = layer.paramCount(shapes, analysis.params);
    const classes = node.kind === 'output' ? classCountOf(analysis.params) : 0;
    if (node.kind === 'output' && result.shape[0] !== classes) {
      const feeder = sources[0] === undefined ? 'The layer before Output' : name(sources[0]);
      const units = formatShape(result.shape);
      issues.push({ nodeId: id, code: 'output-units', message: `${feeder} before Output has ${units} units; this dataset has ${classes} classes.`, fix: `Set Units to ${classes} on the Dense that feeds Output (or Classes on Output, if the dataset changed).` });
    }
  }

  let totalParams = 0;
  for (const a of analyses.values()) totalParams += a.paramCount;
  const analysis: GraphAnalysis = { valid: issues.length === 0, issues, nodes: analyses, order: order.filter((id) => !onCycle.has(id)), totalParams, warnings: [], memory: null };
  return run && analysis.valid ? withMemoryCheck(analysis, run) : analysis;
}

/** A graph that cannot fit is invalid (the refusal), one that barely fits carries a warning. */
export function withMemoryCheck(analysis: GraphAnalysis, run: RunContext): GraphAnalysis {
  const { estimate, issue } = checkTrainingMemory(analysis, run.training, run.limits);
  if (!issue) return { ...analysis, memory: estimate };
  const { severity, ...plain } = issue;
  return severity === 'error'
    ? { ...analysis, valid: false, issues: [...analysis.issues, plain], memory: estimate }
    : { ...analysis, warnings: [...analysis.warnings, plain], memory: estimate };
}

function uniqueKnownNodes(all: readonly GraphNode[], issues: GraphIssue[]): GraphNode[] {
  const seen = new Set<string>();
  const kept: GraphNode[] = [];
  for (const node of all) {
    if (!(NODE_KINDS as readonly string[]).includes(node.kind)) {
      issues.push({ nodeId: node.id, code: 'unknown-kind', message: `Unknown layer kind '${String(node.kind)}'.`, fix: `Use one of: ${NODE_KINDS.join(', ')}.` });
    } else if (seen.has(node.id)) {
      issues.push({ nodeId: node.id, code: 'duplicate-id', message: `Two nodes share the id '${node.id}'.`, fix: 'Give each node its own id.' });
    } else {
      seen.add(node.id);
      kept.push(node);
    }
  }
  return kept;
}

function usableEdges(graph: Graph, byId: Map<string, GraphNode>, issues: GraphIssue[]) {
  const seen = new Set<string>();
  return graph.edges.filter((e) => {
    if (!byId.has(e.source) || !byId.has(e.target)) {
      const missing = byId.has(e.source) ? e.target : e.source;
      issues.push({ nodeId: byId.has(e.source) ? e.source : byId.has(e.target) ? e.target : null, code: 'dangling-edge', message: `Edge '${e.id}' points to a node '${missing}' that does not exist.`, fix: 'Delete the edge.' });
      return false;
    }
    if (e.source === e.target) {
      issues.push({ nodeId: e.source, code: 'self-loop', message: `${LAYERS[(byId.get(e.source) as GraphNode).kind].displayName} is connected to itself.`, fix: 'Delete the edge that loops back onto the same node.' });
      return false;
    }
    // Edges that can never be right are reported once and left out, so they cause no cycles.
    if ((byId.get(e.target) as GraphNode).kind === 'input') {
      issues.push({ nodeId: e.target, code: 'edge-into-input', message: 'Input cannot receive edges: it is where the images enter.', fix: 'Delete the edges going into Input.' });
      return false;
    }
    if ((byId.get(e.source) as GraphNode).kind === 'output') {
      issues.push({ nodeId: e.source, code: 'edge-from-output', message: 'Output ends the graph: nothing can follow it.', fix: 'Delete the edges leaving Output.' });
      return false;
    }
    const key = `${e.source}->${e.target}`;
    if (seen.has(key)) {
      issues.push({ nodeId: e.target, code: 'duplicate-edge', message: `Two edges join the same pair of nodes.`, fix: 'Delete one of them.' });
      return false;
    }
    seen.add(key);
    return true;
  });
}

function checkEndpoints(nodes: readonly GraphNode[], issues: GraphIssue[]): void {
  for (const [kind, label, missing, extra] of [
    ['input', 'Input', 'missing-input', 'extra-input'],
    ['output', 'Output', 'missing-output', 'extra-output'],
  ] as const) {
    const found = nodes.filter((n) => n.kind === kind);
    if (found.length === 0) {
      issues.push({ nodeId: null, code: missing, message: `The graph has no ${label} node.`, fix: `Add one ${label} from the palette.` });
    }
    for (const node of found.slice(1)) {
      issues.push({ nodeId: node.id, code: extra, message: `The graph has ${found.length} ${label} nodes; it needs exactly one.`, fix: `Delete the extra ${label}.` });
    }
  }
}
