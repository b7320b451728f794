import { LAYERS, withDefaults } from '../../../engine/layers/registry.js';
import type { Graph, GraphNode, NodeKind, ParamValue } from '../../../engine/graph/types.js';
import { edgeId, freshNodeId } from './flow-graph.js';

/** Vertical distance between a layer and the next when the app places them. */
export const ROW_SPACING = 110;

/** Pure edits of the engine's Graph; the store wraps them with history and selection. */

export function addNode(graph: Graph, kind: NodeKind, position: { x: number; y: number }): { graph: Graph; id: string } {
  const id = freshNodeId(kind, new Set(graph.nodes.map((n) => n.id)));
  const node: GraphNode = { id, kind, params: withDefaults(kind), position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { graph: { nodes: [...graph.nodes, node], edges: graph.edges }, id };
}

/**
 * Adds a layer after `anchorId` the way a person would by hand: below it and wired from it. When
 * the anchor already feeds other layers the new one is spliced in between, and everything
 * downstream moves down a row to make room.
 */
export function appendAfter(graph: Graph, kind: NodeKind, anchorId: string | null): { graph: Graph; id: string } {
  const anchor = graph.nodes.find((n) => n.id === anchorId);
  if (!anchor || !LAYERS[anchor.kind].hasOutput) {
    const lowest = graph.nodes.reduce<GraphNode | null>((low, n) => (low === null || n.position.y > low.position.y ? n : low), null);
    return addNode(graph, kind, lowest ? { x: lowest.position.x, y: lowest.position.y + ROW_SPACING } : { x: 0, y: 0 });
  }
  const downstream = reachableFrom(graph, anchor.id);
  const shifted: Graph = {
    nodes: graph.nodes.map((n) => (downstream.has(n.id) ? { ...n, position: { x: n.position.x, y: n.position.y + ROW_SPACING } } : n)),
    edges: graph.edges,
  };
  const added = addNode(shifted, kind, { x: anchor.position.x, y: anchor.position.y + ROW_SPACING });
  const outgoing = graph.edges.filter((e) => e.source === anchor.id);
  let next: Graph = { nodes: added.graph.nodes, edges: graph.edges.filter((e) => e.source !== anchor.id) };
  next = connect(next, anchor.id, added.id);
  if (LAYERS[kind].hasOutput) for (const e of outgoing) next = connect(next, added.id, e.target);
  return { graph: next, id: added.id };
}

/** Wires source → target. A layer that takes one input swaps its old input for the new one. */
export function connect(graph: Graph, source: string, target: string): Graph {
  if (source === target || graph.edges.some((e) => e.source === source && e.target === target)) return graph;
  const targetNode = graph.nodes.find((n) => n.id === target);
  const single = targetNode !== undefined && LAYERS[targetNode.kind].inputs.max === 1;
  const kept = single ? graph.edges.filter((e) => e.target !== target) : graph.edges;
  return { nodes: graph.nodes, edges: [...kept, { id: edgeId(source, target), source, target }] };
}

export function removeElements(graph: Graph, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string> = new Set()): Graph {
  return {
    nodes: graph.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: graph.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
  };
}

export function setParam(graph: Graph, nodeId: string, name: string, value: ParamValue): Graph {
  return { nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [name]: value } } : n)), edges: graph.edges };
}

export function movePositions(graph: Graph, positions: ReadonlyMap<string, { x: number; y: number }>): Graph {
  return {
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
    edges: graph.edges,
  };
}

function reachableFrom(graph: Graph, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = graph.edges.filter((e) => e.source === start).map((e) => e.target);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || id === start) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return seen;
}
