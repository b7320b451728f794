import type { Connection, EdgeChange, NodeChange } from '@xyflow/react';
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { GraphAnalysis } from '../../../engine/graph/analyze.js';
import type { Graph, GraphIssue, NodeKind, ParamValue } from '../../../engine/graph/types.js';
import type { DatasetSignature } from '../../../engine/graph/adapt-to-dataset.js';
import { adaptGraphToDataset } from '../../../engine/graph/adapt-to-dataset.js';
import type { DatasetRef, Project, TrainingConfig } from '../../../engine/project/schema.js';
import { cloneSubgraph, extractSubgraph } from '../graph/clipboard.js';
import type { LayerFlowNode, ShapeFlowEdge } from '../graph/flow-graph.js';
import { toFlowEdges, toGraph } from '../graph/flow-graph.js';
import * as edits from '../graph/graph-edits.js';
import type { MemoryLimits } from '../../../engine/graph/memory.js';
import { analysisOf, EMPTY_PROJECT, mergeNodes, runContextOf, selectedIds } from './graph-derived.js';

// Readers import these with the store.
export { EMPTY_PROJECT, isDirty, projectOf, selectedIds } from './graph-derived.js';

const HISTORY_LIMIT = 200;
const PASTE_OFFSET = 40;

interface HistoryEntry { graph: Graph; revision: number }

export interface GraphState {
  nodes: LayerFlowNode[];
  edges: ShapeFlowEdge[];
  /** Shapes, params and problems, recomputed with engine/graph on every edit that can change them. */
  analysis: GraphAnalysis;
  issuesByNode: ReadonlyMap<string, readonly GraphIssue[]>;
  past: HistoryEntry[];
  future: HistoryEntry[];
  clipboard: Graph | null;
  /** While training the graph is frozen: the run is of the graph as it was. */
  readOnly: boolean;
  name: string;
  description: string;
  path: string | null;
  training: TrainingConfig;
  /** The images the project trains on; undefined means CIFAR-10 (older projects say nothing). */
  dataset: DatasetRef | undefined;
  /** Identifies the current content; undo brings back the old id, so undoing to the saved state is clean. */
  revision: number;
  saved: { revision: number; training: TrainingConfig; name: string; dataset?: DatasetRef | undefined };
  /** What a run can use where the engine runs (from engine.info); null until known, and then no memory check. */
  memoryLimits: MemoryLimits | null;
}

export interface GraphActions {
  onNodesChange(changes: NodeChange<LayerFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<ShapeFlowEdge>[]): void;
  onConnect(connection: Connection): void;
  addLayer(kind: NodeKind, position: { x: number; y: number }): string | null;
  appendLayer(kind: NodeKind): string | null;
  setParam(nodeId: string, name: string, value: ParamValue): void;
  deleteSelected(): void;
  selectAll(): void;
  select(ids: readonly string[]): void;
  copySelection(): void;
  paste(): void;
  duplicateSelection(): void;
  undo(): void;
  redo(): void;
  applyPositions(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  loadProject(project: Project, path: string | null, options?: { dirty?: boolean }): void;
  newProject(): void;
  setTraining(patch: Partial<TrainingConfig>): void;
  setDataset(dataset: DatasetRef | undefined): void;
  /** Fits Input, Output and the final Dense to a dataset (one undoable edit); returns what changed, in words. */
  adaptToDataset(dataset: DatasetSignature): string[];
  setName(name: string): void;
  markSaved(path: string): void;
  setReadOnly(readOnly: boolean): void;
  setMemoryLimits(limits: MemoryLimits | null): void;
}

export type GraphStore = GraphState & GraphActions;
export type GraphStoreApi = ReturnType<typeof createGraphStore>;

export function createGraphStore(initial: Project = EMPTY_PROJECT) {
  let revisionCounter = 0;
  let dragOrigin: Graph | null = null;
  let pasteCount = 0;

  return createStore<GraphStore>()((set, get) => {
    const current = () => toGraph(get().nodes, get().edges);
    /** The run the analysis checks memory for: the project's settings on the engine's limits. */
    const run = (training = get().training) => runContextOf(training, get().memoryLimits);

    /** Every undoable edit goes through here: history, a new revision, fresh analysis. */
    const commit = (next: Graph, options: { before?: Graph; select?: readonly string[] } = {}) => {
      const s = get();
      if (s.readOnly) return;
      const before = options.before ?? current();
      const selected = new Set(options.select ?? selectedIds(s));
      const nodes = mergeNodes(s.nodes, next, selected);
      const edges = toFlowEdges(next).map((e) => ({ ...e, selected: s.edges.find((old) => old.id === e.id)?.selected ?? false }));
      set({
        nodes, edges, ...analysisOf(nodes, edges, run()),
        past: [...s.past, { graph: before, revision: s.revision }].slice(-HISTORY_LIMIT), future: [], revision: ++revisionCounter,
      });
    };

    const restore = (entry: HistoryEntry, push: 'past' | 'future') => {
      const s = get();
      const here = { graph: current(), revision: s.revision };
      const nodes = mergeNodes(s.nodes, entry.graph, new Set(selectedIds(s)));
      const edges = toFlowEdges(entry.graph);
      set({
        nodes, edges, ...analysisOf(nodes, edges, run()), revision: entry.revision,
        past: push === 'past' ? [...s.past, here] : s.past.slice(0, -1),
        future: push === 'future' ? [...s.future, here] : s.future.slice(0, -1),
      });
    };

    const load = (project: Project, path: string | null, dirty: boolean) => {
      const nodes = mergeNodes([], project.graph, new Set());
      const edges = toFlowEdges(project.graph);
      const revision = ++revisionCounter;
      const name = project.name ?? 'Untitled';
      set({
        nodes, edges, ...analysisOf(nodes, edges, run(project.training)), past: [], future: [], readOnly: false,
        name, description: project.description ?? '', path, training: project.training, revision, dataset: project.dataset,
        saved: { revision: dirty ? -1 : revision, training: project.training, name, dataset: project.dataset },
      });
    };

    const firstLoad = (() => {
      const nodes = mergeNodes([], initial.graph, new Set());
      const edges = toFlowEdges(initial.graph);
      const revision = ++revisionCounter;
      return {
        nodes, edges, ...analysisOf(nodes, edges), revision, name: initial.name ?? 'Untitled', description: initial.description ?? '',
        training: initial.training, dataset: initial.dataset, saved: { revision, training: initial.training, name: initial.name ?? 'Untitled', dataset: initial.dataset },
      };
    })();

    return {
      ...firstLoad,
      past: [], future: [], clipboard: null, readOnly: false, path: null, memoryLimits: null,

      onNodesChange(changes) {
        const s = get();
        const allowed = s.readOnly ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions') : changes;
        const before = current();
        const nodes = applyNodeChanges(allowed, s.nodes);
        if (allowed.some((c) => c.type === 'position' && c.dragging) && dragOrigin === null) dragOrigin = before;
        const structural = allowed.some((c) => c.type === 'add' || c.type === 'remove' || c.type === 'replace');
        const settled = allowed.some((c) => c.type === 'position' && !c.dragging);
        if (structural || settled) {
          const origin = dragOrigin ?? before;
          dragOrigin = null;
          const next = toGraph(nodes, s.edges);
          const ids = new Set(next.nodes.map((n) => n.id));
          next.edges = next.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
          if (JSON.stringify(next) !== JSON.stringify(origin)) return commit(next, { before: origin, select: nodes.filter((n) => n.selected).map((n) => n.id) });
        }
        set({ nodes });
      },

      onEdgesChange(changes) {
        const s = get();
        const allowed = s.readOnly ? changes.filter((c) => c.type === 'select') : changes;
        const edges = applyEdgeChanges(allowed, s.edges);
        if (allowed.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace')) return commit(toGraph(s.nodes, edges));
        set({ edges });
      },

      onConnect({ source, target }) {
        if (source && target) commit(edits.connect(current(), source, target));
      },

      addLayer(kind, position) {
        if (get().readOnly) return null;
        const { graph, id } = edits.addNode(current(), kind, position);
        commit(graph, { select: [id] });
        return id;
      },

      appendLayer(kind) {
        if (get().readOnly) return null;
        const selected = selectedIds(get());
        const { graph, id } = edits.appendAfter(current(), kind, selected.length === 1 ? (selected[0] as string) : null);
        commit(graph, { select: [id] });
        return id;
      },

      setParam(nodeId, name, value) {
        commit(edits.setParam(current(), nodeId, name, value));
      },

      deleteSelected() {
        const s = get();
        const nodeIds = new Set(selectedIds(s));
        const edgeIds = new Set(s.edges.filter((e) => e.selected).map((e) => e.id));
        if (nodeIds.size > 0 || edgeIds.size > 0) commit(edits.removeElements(current(), nodeIds, edgeIds), { select: [] });
      },

      selectAll() {
        set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: true })), edges: s.edges.map((e) => ({ ...e, selected: true })) }));
      },

      select(ids) {
        const chosen = new Set(ids);
        set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: chosen.has(n.id) })), edges: s.edges.map((e) => ({ ...e, selected: false })) }));
      },

      copySelection() {
        const ids = new Set(selectedIds(get()));
        if (ids.size === 0) return;
        pasteCount = 0;
        set({ clipboard: extractSubgraph(current(), ids) });
      },

      paste() {
        const { clipboard } = get();
        if (!clipboard || clipboard.nodes.length === 0) return;
        pasteCount += 1;
        const graph = current();
        const piece = cloneSubgraph(clipboard, new Set(graph.nodes.map((n) => n.id)), { x: PASTE_OFFSET * pasteCount, y: PASTE_OFFSET * pasteCount });
        commit({ nodes: [...graph.nodes, ...piece.nodes], edges: [...graph.edges, ...piece.edges] }, { select: piece.nodes.map((n) => n.id) });
      },

      duplicateSelection() {
        const graph = current();
        const ids = new Set(selectedIds(get()));
        if (ids.size === 0) return;
        const piece = cloneSubgraph(extractSubgraph(graph, ids), new Set(graph.nodes.map((n) => n.id)), { x: PASTE_OFFSET, y: PASTE_OFFSET });
        commit({ nodes: [...graph.nodes, ...piece.nodes], edges: [...graph.edges, ...piece.edges] }, { select: piece.nodes.map((n) => n.id) });
      },

      undo() {
        const s = get();
        const entry = s.past.at(-1);
        if (entry && !s.readOnly) restore(entry, 'future');
      },

      redo() {
        const s = get();
        const entry = s.future.at(-1);
        if (entry && !s.readOnly) restore(entry, 'past');
      },

      applyPositions(positions) {
        commit(edits.movePositions(current(), positions));
      },

      loadProject(project, path, options) {
        load(project, path, options?.dirty ?? false);
      },

      newProject() {
        load(EMPTY_PROJECT, null, false);
      },

      setTraining(patch) {
        if (get().readOnly) return;
        const training = { ...get().training, ...patch };
        // Batch size and optimizer change what a run needs: the memory check follows them.
        set((s) => ({ training, ...analysisOf(s.nodes, s.edges, run(training)) }));
      },

      setMemoryLimits(memoryLimits) {
        set((s) => ({ memoryLimits, ...analysisOf(s.nodes, s.edges, runContextOf(s.training, memoryLimits)) }));
      },

      setDataset(dataset) {
        if (!get().readOnly) set({ dataset });
      },

      adaptToDataset(dataset) {
        const { graph, changes } = adaptGraphToDataset(current(), dataset);
        if (changes.length) commit(graph);
        return get().readOnly ? [] : changes;
      },

      setName(name) {
        set({ name });
      },

      markSaved(path) {
        set((s) => ({ path, saved: { revision: s.revision, training: s.training, name: s.name, dataset: s.dataset } }));
      },

      setReadOnly(readOnly) {
        set({ readOnly });
      },
    };
  });
}
