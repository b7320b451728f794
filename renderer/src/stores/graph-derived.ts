import type { Graph, GraphIssue } from '../../../engine/graph/types.js';
import { analyzeGraph, type RunContext } from '../../../engine/graph/analyze.js';
import type { MemoryLimits } from '../../../engine/graph/memory.js';
import type { Project, TrainingConfig } from '../../../engine/project/schema.js';
import { PROJECT_FORMAT, PROJECT_VERSION, DEFAULT_TRAINING } from '../../../engine/project/schema.js';
import type { LayerFlowNode, ShapeFlowEdge } from '../graph/flow-graph.js';
import { toGraph } from '../graph/flow-graph.js';
import type { GraphState } from './graph-store.js';

/** Pure functions of the graph store's state: what it derives, and how it reads as a project file. */

export const EMPTY_PROJECT: Project = {
  format: PROJECT_FORMAT, version: PROJECT_VERSION, name: 'Untitled', graph: { nodes: [], edges: [] }, training: DEFAULT_TRAINING,
};

export function runContextOf(training: TrainingConfig, limits: MemoryLimits | null): RunContext | undefined {
  return limits ? { training, limits } : undefined;
}

/** The analysis, and each node's problems (a memory warning included: it is shown, not blocking). */
export function analysisOf(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[], run?: RunContext) {
  const analysis = analyzeGraph(toGraph(nodes, edges), run);
  const issuesByNode = new Map<string, GraphIssue[]>();
  for (const issue of [...analysis.issues, ...analysis.warnings]) {
    if (issue.nodeId === null) continue;
    const list = issuesByNode.get(issue.nodeId) ?? [];
    list.push(issue);
    issuesByNode.set(issue.nodeId, list);
  }
  return { analysis, issuesByNode };
}

/** React Flow nodes for `graph`, keeping what React Flow measured on nodes that stay. */
export function mergeNodes(previous: readonly LayerFlowNode[], graph: Graph, selected: ReadonlySet<string>): LayerFlowNode[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  return graph.nodes.map((n) => ({
    ...byId.get(n.id),
    id: n.id, type: 'layer' as const, position: { ...n.position }, data: { kind: n.kind, params: { ...n.params } }, selected: selected.has(n.id),
  }));
}

export function isDirty(s: GraphState): boolean {
  return s.revision !== s.saved.revision || s.name !== s.saved.name || JSON.stringify(s.training) !== JSON.stringify(s.saved.training)
    || JSON.stringify(s.dataset) !== JSON.stringify(s.saved.dataset);
}

export function projectOf(s: GraphState, layout?: Project['layout']): Project {
  return {
    format: PROJECT_FORMAT, version: PROJECT_VERSION, name: s.name,
    ...(s.description ? { description: s.description } : {}),
    graph: toGraph(s.nodes, s.edges), training: s.training, ...(layout ? { layout } : {}), ...(s.dataset ? { dataset: s.dataset } : {}),
  };
}

export function selectedIds(s: GraphState): string[] {
  return s.nodes.filter((n) => n.selected).map((n) => n.id);
}
