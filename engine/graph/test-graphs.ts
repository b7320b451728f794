import type { Graph, GraphNode, NodeKind, Params } from './types.js';

/** Builds graphs tersely for tests: a chain of [id, kind, params?] with edges between neighbours. */
export function chain(...layers: [string, NodeKind, Params?][]): Graph {
  const nodes: GraphNode[] = layers.map(([id, kind, params], i) => ({ id, kind, params: params ?? {}, position: { x: 0, y: i * 80 } }));
  const edges = layers.slice(1).map(([id], i) => ({ id: `e${i}`, source: layers[i]?.[0] as string, target: id }));
  return { nodes, edges };
}

export function withEdge(graph: Graph, source: string, target: string): Graph {
  return { ...graph, edges: [...graph.edges, { id: `extra-${source}-${target}`, source, target }] };
}

export function withoutNode(graph: Graph, id: string): Graph {
  return { nodes: graph.nodes.filter((n) => n.id !== id), edges: graph.edges.filter((e) => e.source !== id && e.target !== id) };
}

export function withParams(graph: Graph, id: string, params: Params): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)) };
}

/** The graph from the bug report: 8.6 billion parameters, almost all in one Dense kernel. */
export const HUGE: Graph = chain(
  ['input', 'input'], ['conv', 'conv2d', { filters: 1024, kernelSize: 3, padding: 'same' }], ['flat', 'flatten'],
  ['big', 'dense', { units: 8192 }], ['logits', 'dense', { units: 10 }], ['output', 'output'],
);
