import type { GraphEdge } from './types.js';

export interface Adjacency {
  incoming: Map<string, string[]>;
  outgoing: Map<string, string[]>;
}

export function adjacency(nodeIds: readonly string[], edges: readonly GraphEdge[]): Adjacency {
  const incoming = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  const outgoing = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const e of edges) {
    incoming.get(e.target)?.push(e.source);
    outgoing.get(e.source)?.push(e.target);
  }
  return { incoming, outgoing };
}

/** Nodes in dependency order, and the nodes that sit on a cycle (strongly connected, size > 1). */
export function topologicalOrder(nodeIds: readonly string[], adj: Adjacency): { order: string[]; onCycle: Set<string> } {
  const indegree = new Map(nodeIds.map((id) => [id, adj.incoming.get(id)?.length ?? 0]));
  const queue = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const next of adj.outgoing.get(id) ?? []) {
      const d = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  const onCycle = new Set<string>();
  if (order.length < nodeIds.length) {
    // Kahn leaves cycles and everything below them; keep only nodes that can reach themselves.
    const left = nodeIds.filter((id) => !order.includes(id));
    for (const id of left) if (reachable([id], adj.outgoing, true).has(id)) onCycle.add(id);
  }
  return { order, onCycle };
}

/** Every node reachable from the starts along `next`; with `strict`, the starts count only if reached again. */
export function reachable(starts: readonly string[], next: Map<string, string[]>, strict = false): Set<string> {
  const seen = new Set<string>(strict ? [] : starts);
  const stack = strict ? starts.flatMap((s) => next.get(s) ?? []) : [...starts];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (strict && seen.has(id)) continue;
    seen.add(id);
    for (const n of next.get(id) ?? []) if (!seen.has(n)) stack.push(n);
  }
  return seen;
}
