import { describe, expect, it } from 'vitest';
import { HUGE } from '../../../engine/graph/test-graphs.js';
import { createGraphStore, EMPTY_PROJECT, isDirty, projectOf, selectedIds } from './graph-store.js';
import { buildLenet } from '../test/lenet.js';

const GiB = 1024 ** 3;
const limits = (freeBytes: number) => ({ freeBytes, backend: 'wasm', backendMaxBytes: 4 * GiB, maxTensorElements: 2 ** 32 });

describe('graph store', () => {
  it("checks the run's memory once the engine's limits are known, on the node that costs most", () => {
    const store = createGraphStore({ ...EMPTY_PROJECT, graph: HUGE });
    expect(store.getState().analysis.valid).toBe(true);
    store.getState().setMemoryLimits(limits(16 * GiB));
    const s = store.getState();
    expect(s.analysis.valid).toBe(false);
    expect(s.issuesByNode.get('big')?.[0]).toMatchObject({ code: 'memory', fix: expect.stringContaining('reduce Dense units or add pooling before Flatten') });
    expect(s.analysis.memory?.totalBytes).toBeGreaterThan(100 * GiB);
  });

  it('follows the batch size: a tight run warns without blocking', () => {
    const store = createGraphStore();
    buildLenet(store);
    store.getState().setMemoryLimits(limits(64 * 1024 ** 2));
    expect(store.getState().analysis.warnings).toEqual([]);
    store.getState().setTraining({ batchSize: 2048 });
    const s = store.getState();
    expect(s.analysis.valid).toBe(false);
    store.getState().setTraining({ batchSize: 256 });
    expect(store.getState().analysis.valid).toBe(true);
    expect(store.getState().analysis.warnings.map((w) => w.code)).toEqual(['memory']);
  });

  it('builds LeNet by appending layers and analyses it live', () => {
    const store = createGraphStore();
    buildLenet(store);
    const s = store.getState();
    expect(s.nodes).toHaveLength(14);
    expect(s.edges).toHaveLength(13);
    expect(s.analysis.valid).toBe(true);
    expect(s.analysis.totalParams).toBe(62_006);
    expect(s.analysis.nodes.get('conv2d1')?.outputShape).toEqual([28, 28, 6]);
    expect(selectedIds(s)).toEqual(['output1']);
  });

  it('splices a layer in after the selected one and moves the rest down', () => {
    const store = createGraphStore();
    buildLenet(store);
    store.getState().select(['conv2d1']);
    const before = store.getState().nodes.find((n) => n.id === 'relu1')?.position.y ?? 0;
    const id = store.getState().appendLayer('batchnorm');
    const s = store.getState();
    expect(s.edges.map((e) => [e.source, e.target])).toEqual(expect.arrayContaining([['conv2d1', id], [id, 'relu1']]));
    expect(s.edges.some((e) => e.source === 'conv2d1' && e.target === 'relu1')).toBe(false);
    expect(s.nodes.find((n) => n.id === 'relu1')?.position.y).toBeGreaterThan(before);
    expect(s.analysis.valid).toBe(true);
  });

  it('reports the error on the right node when Flatten is deleted, and undo/redo restore it', () => {
    const store = createGraphStore();
    buildLenet(store);
    store.getState().select(['flatten1']);
    store.getState().deleteSelected();
    const broken = store.getState();
    expect(broken.nodes.some((n) => n.id === 'flatten1')).toBe(false);
    expect(broken.issuesByNode.get('dense1')?.[0]?.code).toBe('no-incoming');
    expect(broken.issuesByNode.get('dense1')?.[0]?.fix).toMatch(/Connect/);

    store.getState().undo();
    expect(store.getState().analysis.valid).toBe(true);
    expect(store.getState().nodes).toHaveLength(14);
    store.getState().redo();
    expect(store.getState().nodes).toHaveLength(13);
  });

  it('replaces the old input when a second edge enters a one-input layer', () => {
    const store = createGraphStore();
    const a = store.getState().addLayer('input', { x: 0, y: 0 }) as string;
    const b = store.getState().addLayer('relu', { x: 0, y: 100 }) as string;
    const c = store.getState().addLayer('conv2d', { x: 0, y: 200 }) as string;
    store.getState().onConnect({ source: a, target: c, sourceHandle: null, targetHandle: null });
    store.getState().onConnect({ source: b, target: c, sourceHandle: null, targetHandle: null });
    expect(store.getState().edges.map((e) => e.source)).toEqual([b]);
  });

  it('copies, pastes and duplicates with fresh ids and the edges between them', () => {
    const store = createGraphStore();
    buildLenet(store);
    store.getState().select(['conv2d1', 'relu1']);
    store.getState().copySelection();
    store.getState().paste();
    const s = store.getState();
    expect(selectedIds(s)).toEqual(['conv2d3', 'relu5']);
    expect(s.edges.some((e) => e.source === 'conv2d3' && e.target === 'relu5')).toBe(true);
    const pasted = s.nodes.find((n) => n.id === 'conv2d3');
    const original = s.nodes.find((n) => n.id === 'conv2d1');
    expect(pasted?.position.x).toBe((original?.position.x ?? 0) + 40);
    store.getState().duplicateSelection();
    expect(store.getState().nodes).toHaveLength(18);
  });

  it('records a drag as one undo step when it ends', () => {
    const store = createGraphStore();
    const id = store.getState().addLayer('input', { x: 0, y: 0 }) as string;
    const steps = store.getState().past.length;
    store.getState().onNodesChange([{ type: 'position', id, position: { x: 10, y: 10 }, dragging: true }]);
    store.getState().onNodesChange([{ type: 'position', id, position: { x: 50, y: 60 }, dragging: true }]);
    expect(store.getState().past.length).toBe(steps);
    store.getState().onNodesChange([{ type: 'position', id, position: { x: 50, y: 60 }, dragging: false }]);
    expect(store.getState().past.length).toBe(steps + 1);
    store.getState().undo();
    expect(store.getState().nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });

  it('tracks unsaved changes, and undoing back to the saved state is clean', () => {
    const store = createGraphStore();
    buildLenet(store);
    store.getState().markSaved('/tmp/lenet.layerloom.json');
    expect(isDirty(store.getState())).toBe(false);
    store.getState().setParam('dense1', 'units', 100);
    expect(isDirty(store.getState())).toBe(true);
    store.getState().undo();
    expect(isDirty(store.getState())).toBe(false);
    store.getState().setTraining({ epochs: 3 });
    expect(isDirty(store.getState())).toBe(true);
  });

  it('refuses edits while read-only but still allows selection', () => {
    const store = createGraphStore();
    buildLenet(store);
    store.getState().setReadOnly(true);
    expect(store.getState().addLayer('relu', { x: 0, y: 0 })).toBeNull();
    store.getState().select(['conv2d1']);
    store.getState().deleteSelected();
    store.getState().setParam('conv2d1', 'filters', 3);
    store.getState().onNodesChange([{ type: 'select', id: 'relu1', selected: true }]);
    const s = store.getState();
    expect(s.nodes).toHaveLength(14);
    expect(s.nodes.find((n) => n.id === 'conv2d1')?.data.params['filters']).toBe(6);
    expect(selectedIds(s)).toEqual(['conv2d1', 'relu1']);
  });

  it('loads and writes projects in the engine format', () => {
    const store = createGraphStore();
    buildLenet(store);
    const project = projectOf(store.getState(), { viewport: { x: 1, y: 2, zoom: 1 } });
    const other = createGraphStore();
    other.getState().loadProject(project, '/tmp/a.layerloom.json');
    expect(projectOf(other.getState(), project.layout)).toEqual(project);
    expect(other.getState().path).toBe('/tmp/a.layerloom.json');
    expect(isDirty(other.getState())).toBe(false);
  });
});
