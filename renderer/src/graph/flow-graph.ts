import type { Edge, Node } from '@xyflow/react';
import type { Graph, NodeKind, Params } from '../../../engine/graph/types.js';

/** What a canvas node carries: the engine's node minus what React Flow keeps itself. */
export type LayerNodeData = { kind: NodeKind; params: Params };
export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type ShapeFlowEdge = Edge<Record<string, never>, 'shape'>;

export function toGraph(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): Graph {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      params: { ...n.data.params },
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

export function toFlowNodes(graph: Graph, selected: ReadonlySet<string> = new Set()): LayerFlowNode[] {
  return graph.nodes.map((n) => ({
    id: n.id,
    type: 'layer',
    position: { ...n.position },
    data: { kind: n.kind, params: { ...n.params } },
    selected: selected.has(n.id),
  }));
}

export function toFlowEdges(graph: Graph): ShapeFlowEdge[] {
  return graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, type: 'shape' }));
}

export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

/** The smallest free id of the form `conv2d3`, readable in files and in e2e selectors. */
export function freshNodeId(kind: NodeKind, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${kind}${n}`;
    if (!taken.has(id)) return id;
  }
}
