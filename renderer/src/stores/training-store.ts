import { createStore } from 'zustand/vanilla';
import type { EventPayload, RequestResult, StoredRun } from '../../../engine/host/contract.js';
import type { Graph } from '../../../engine/graph/types.js';
import type { TrainingConfig } from '../../../engine/project/schema.js';

export type RunState = EventPayload<'training.state'>['state'];
export type BackendName = RequestResult<'engine.info'>['backend']['name'];
export type BatchPoint = { step: number; loss: number; acc: number; imagesPerSec: number; lr: number | null };

export interface RunRecord {
  id: string;
  /** "Run 3": numbered in the order they started, for legends and the history list. */
  label: string;
  config: TrainingConfig | null;
  params: number | null;
  state: RunState;
  batches: BatchPoint[];
  lastBatch: EventPayload<'training.batch'> | null;
  epochs: EventPayload<'training.epoch'>[];
  end: EventPayload<'training.end'> | null;
  error: { message: string; fix: string } | null;
  /** Drawn in the overlay charts next to the viewed run. */
  overlay: boolean;
  /** The graph it trained (stored runs carry it, so they can be resumed after a restart). */
  graph: Graph | null;
  /** Loaded from the engine's store (an earlier session): curves per epoch only. */
  stored: boolean;
  /** A stopped or interrupted run with a checkpoint and epochs left. */
  resumable: boolean;
  /** Optimizer steps per epoch, known from the first batch event or the stored run. */
  stepsPerEpoch: number | null;
}

export interface TrainingState {
  runs: RunRecord[];
  /** The run between Train and its end, or null when the editor is free. */
  activeRunId: string | null;
  /** The run the dashboard shows; follows the newest run unless the user picks another. */
  viewedRunId: string | null;
  starting: boolean;
  startError: { message: string; fix: string } | null;
  engineInfo: RequestResult<'engine.info'> | null;
  dataset: RequestResult<'dataset.status'> | null;
  /** A folder the user chose in the UI; otherwise the engine's own setting or environment wins. */
  datasetDir: string | null;
  datasetProgress: EventPayload<'dataset.progress'> | null;
  datasetTask: 'download' | 'import' | null;
  datasetError: { message: string; fix: string } | null;
  /** Cap on training images for quick trials; null trains on all of them. */
  limit: number | null;
  /** The image folder imported last (what the dataset view shows), its import's progress and failure. */
  folder: RequestResult<'dataset.importFolder'> | null;
  folderImporting: boolean;
  folderProgress: EventPayload<'dataset.importProgress'> | null;
  folderError: { message: string; fix: string } | null;
  /** A backend the user pinned in the panel; null lets the engine take the fastest for each run. */
  backendPin: BackendName | null;
}

export interface TrainingActions {
  startRequested(): void;
  startFailed(error: { message: string; fix: string }): void;
  runStarted(runId: string, config: TrainingConfig, params: number, graph?: Graph): void;
  /** Runs kept by the engine from earlier sessions (runs.list), added behind this session's. */
  loadStoredRuns(runs: readonly StoredRun[]): void;
  removeRun(runId: string): void;
  onState(e: EventPayload<'training.state'>): void;
  onBatch(e: EventPayload<'training.batch'>): void;
  onEpoch(e: EventPayload<'training.epoch'>): void;
  onEnd(e: EventPayload<'training.end'>): void;
  onError(e: EventPayload<'training.error'>): void;
  viewRun(runId: string): void;
  toggleOverlay(runId: string): void;
  setEngineInfo(info: RequestResult<'engine.info'>): void;
  setDataset(status: RequestResult<'dataset.status'> | null, dir?: string | null): void;
  setDatasetTask(task: 'download' | 'import' | null, error?: { message: string; fix: string } | null): void;
  onDatasetProgress(e: EventPayload<'dataset.progress'>): void;
  setLimit(limit: number | null): void;
  folderImportStarted(): void;
  folderImported(info: RequestResult<'dataset.importFolder'> | null, error?: { message: string; fix: string } | null): void;
  onFolderProgress(e: EventPayload<'dataset.importProgress'>): void;
  setBackendPin(pin: BackendName | null): void;
  /** The backend a run started on (chosen by speed or pinned): the panel and status bar show it. */
  setBackend(backend: RequestResult<'engine.info'>['backend']): void;
}

export type TrainingStore = TrainingState & TrainingActions;
export type TrainingStoreApi = ReturnType<typeof createTrainingStore>;

const TERMINAL: readonly RunState[] = ['completed', 'stopped', 'failed'];
export const isTerminal = (state: RunState) => TERMINAL.includes(state);

function newRun(id: string, index: number): RunRecord {
  return {
    id, label: `Run ${index}`, config: null, params: null, state: 'loading', batches: [], lastBatch: null, epochs: [], end: null, error: null, overlay: true,
    graph: null, stored: false, resumable: false, stepsPerEpoch: null,
  };
}

const STORED_STATE: Record<StoredRun['status'], RunState> = { running: 'stopped', interrupted: 'stopped', completed: 'completed', stopped: 'stopped', failed: 'failed' };

function fromStored(run: StoredRun, index: number): RunRecord {
  return {
    ...newRun(run.id, index), label: run.name ? `Run ${index} · ${run.name}` : `Run ${index}`, config: run.training, params: run.params,
    state: STORED_STATE[run.status], epochs: run.history.map((e) => ({ ...e, runId: run.id })), overlay: false, graph: run.graph, stored: true, resumable: run.resumable, stepsPerEpoch: run.stepsPerEpoch,
    error: run.error ? { message: run.error, fix: '' } : null,
  };
}

export function createTrainingStore() {
  return createStore<TrainingStore>()((set, get) => {
    /** Events can beat the start request's reply, so a run is created by whichever comes first. */
    const updateRun = (runId: string, update: (run: RunRecord) => Partial<RunRecord>) => {
      const s = get();
      const existing = s.runs.find((r) => r.id === runId);
      const run = existing ?? newRun(runId, s.runs.length + 1);
      const next = { ...run, ...update(run) };
      const runs = existing ? s.runs.map((r) => (r.id === runId ? next : r)) : [...s.runs, next];
      const active = isTerminal(next.state) ? (s.activeRunId === runId ? null : s.activeRunId) : runId;
      set({ runs, activeRunId: active, viewedRunId: existing ? s.viewedRunId : runId });
    };

    return {
      runs: [], activeRunId: null, viewedRunId: null, starting: false, startError: null,
      engineInfo: null, dataset: null, datasetDir: null, datasetProgress: null, datasetTask: null, datasetError: null, limit: null, backendPin: null,
      folder: null, folderImporting: false, folderProgress: null, folderError: null,

      startRequested: () => set({ starting: true, startError: null }),
      startFailed: (error) => set({ starting: false, startError: error }),
      runStarted: (runId, config, params, graph) => {
        updateRun(runId, () => ({ config, params, resumable: false, ...(graph && { graph }) }));
        set({ starting: false, viewedRunId: runId });
      },
      loadStoredRuns: (stored) => set((s) => {
        const known = new Set(s.runs.map((r) => r.id));
        const older = [...stored].reverse().filter((r) => !known.has(r.id)); // oldest first, as runs are kept
        const loaded = older.map((r, i) => fromStored(r, i + 1));
        const renumbered = s.runs.map((r, i) => (r.stored ? r : { ...r, label: r.label.replace(/^Run \d+/, `Run ${loaded.length + i + 1}`) }));
        return { runs: [...loaded, ...renumbered], viewedRunId: s.viewedRunId ?? loaded.at(-1)?.id ?? null };
      }),
      removeRun: (runId) => set((s) => ({ runs: s.runs.filter((r) => r.id !== runId), viewedRunId: s.viewedRunId === runId ? null : s.viewedRunId })),
      onState: (e) => updateRun(e.runId, () => ({ state: e.state })),
      onBatch: (e) => updateRun(e.runId, (run) => ({
        batches: [...run.batches, { step: (e.epoch - 1) * e.batches + e.batch, loss: e.loss, acc: e.acc, imagesPerSec: e.imagesPerSec, lr: e.lr ?? null }],
        lastBatch: e, stepsPerEpoch: e.batches,
      })),
      onEpoch: (e) => updateRun(e.runId, (run) => ({ epochs: [...run.epochs.filter((x) => x.epoch !== e.epoch), e] })),
      onEnd: (e) => updateRun(e.runId, (run) => ({
        end: e, state: e.status,
        resumable: e.status === 'stopped' && run.epochs.length < (run.config?.epochs ?? 0),
      })),
      onError: (e) => updateRun(e.runId, () => ({ error: { message: e.message, fix: e.fix }, state: 'failed' })),
      viewRun: (runId) => set({ viewedRunId: runId }),
      toggleOverlay: (runId) => set((s) => ({ runs: s.runs.map((r) => (r.id === runId ? { ...r, overlay: !r.overlay } : r)) })),
      setEngineInfo: (engineInfo) => set({ engineInfo }),
      setDataset: (dataset, dir) => set((s) => ({ dataset, datasetDir: dir === undefined ? s.datasetDir : dir })),
      setDatasetTask: (datasetTask, datasetError = null) => set({ datasetTask, datasetError, ...(datasetTask ? {} : { datasetProgress: null }) }),
      onDatasetProgress: (datasetProgress) => set({ datasetProgress }),
      setLimit: (limit) => set({ limit }),
      folderImportStarted: () => set({ folderImporting: true, folderProgress: null, folderError: null }),
      folderImported: (folder, folderError = null) => set((s) => ({ folderImporting: false, folderProgress: null, folderError, folder: folderError ? s.folder : folder })),
      onFolderProgress: (folderProgress) => set((s) => (s.folderImporting ? { folderProgress } : {})),
      setBackendPin: (backendPin) => set({ backendPin }),
      setBackend: (backend) => set((s) => (s.engineInfo ? { engineInfo: { ...s.engineInfo, backend } } : {})),
    };
  });
}

export function viewedRun(s: TrainingState): RunRecord | null {
  return s.runs.find((r) => r.id === s.viewedRunId) ?? null;
}

export function activeRun(s: TrainingState): RunRecord | null {
  return s.runs.find((r) => r.id === s.activeRunId) ?? null;
}
