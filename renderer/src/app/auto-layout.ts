import ELK from 'elkjs/lib/elk.bundled.js';
import type { Graph } from '../../../engine/graph/types.js';

const elk = new ELK();

export interface NodeSize { width: number; height: number }

/**
 * Top-to-bottom layered layout (ELK's Sugiyama), the way networks are drawn in papers: the
 * main path straight down, branches side by side. Returns top-left positions by node id.
 */
export async function layoutGraph(graph: Graph, sizeOf: (id: string) => NodeSize): Promise<Map<string, { x: number; y: number }>> {
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '48',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
    },
    children: graph.nodes.map((n) => ({ id: n.id, ...sizeOf(n.id) })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}
