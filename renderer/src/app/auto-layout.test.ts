import { describe, expect, it } from 'vitest';
import { createGraphStore } from '../stores/graph-store.js';
import { toGraph } from '../graph/flow-graph.js';
import { buildLenet } from '../test/lenet.js';
import { layoutGraph } from './auto-layout.js';

describe('auto-layout', () => {
  it('stacks a chain top to bottom without overlaps', async () => {
    const store = createGraphStore();
    buildLenet(store);
    const { nodes, edges } = store.getState();
    const positions = await layoutGraph(toGraph(nodes, edges), () => ({ width: 210, height: 60 }));
    const ys = nodes.map((n) => positions.get(n.id)?.y ?? NaN);
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual((ys[i - 1] ?? 0) + 60);
    expect(new Set(nodes.map((n) => positions.get(n.id)?.x)).size).toBe(1);
  });

  it('puts parallel branches side by side', async () => {
    const store = createGraphStore();
    const s = () => store.getState();
    const input = s().addLayer('input', { x: 0, y: 0 }) as string;
    const a = s().addLayer('conv2d', { x: 0, y: 0 }) as string;
    const b = s().addLayer('conv2d', { x: 0, y: 0 }) as string;
    const add = s().addLayer('add', { x: 0, y: 0 }) as string;
    for (const [from, to] of [[input, a], [input, b], [a, add], [b, add]] as const) s().onConnect({ source: from, target: to, sourceHandle: null, targetHandle: null });
    const positions = await layoutGraph(toGraph(s().nodes, s().edges), () => ({ width: 210, height: 60 }));
    expect(positions.get(a)?.y).toBe(positions.get(b)?.y);
    expect(Math.abs((positions.get(a)?.x ?? 0) - (positions.get(b)?.x ?? 0))).toBeGreaterThanOrEqual(210);
  });
});
