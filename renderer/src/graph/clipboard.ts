import type { Graph } from '../../../engine/graph/types.js';
import { edgeId, freshNodeId } from './flow-graph.js';

/** The selected nodes and the edges among them: what Copy takes. */
export function extractSubgraph(graph: Graph, ids: ReadonlySet<string>): Graph {
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** A copy of `piece` with ids fresh against `taken`, moved by `offset`, ready to add. */
export function cloneSubgraph(piece: Graph, taken: ReadonlySet<string>, offset: { x: number; y: number }): Graph {
  const used = new Set(taken);
  const rename = new Map<string, string>();
  const nodes = piece.nodes.map((n) => {
    const id = freshNodeId(n.kind, used);
    used.add(id);
    rename.set(n.id, id);
    return { ...n, id, params: { ...n.params }, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
  });
  const edges = piece.edges.map((e) => {
    const source = rename.get(e.source) as string;
    const target = rename.get(e.target) as string;
    return { id: edgeId(source, target), source, target };
  });
  return { nodes, edges };
}
