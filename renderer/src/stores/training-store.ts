import { createStore } from 'zustand/vanilla';
import type { EventPayload, RequestResult } from '../../../engine/host/contract.js';
import type { TrainingConfig } from '../../../engine/project/schema.js';

export type RunState = EventPayload<'training.state'>['state'];
export type BackendName = RequestResult<'engine.info'>['backend']['name'];
export type BatchPoint = { step: number; loss: number; acc: number; imagesPerSec: number };

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
  runStarted(runId: string, config: TrainingConfig, params: number): void;
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
  return { id, label: `Run ${index}`, config: null, params: null, state: 'loading', batches: [], lastBatch: null, epochs: [], end: null, error: null, overlay: true };
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
      runStarted: (runId, config, params) => {
        updateRun(runId, () => ({ config, params }));
        set({ starting: false, viewedRunId: runId });
      },
      onState: (e) => updateRun(e.runId, () => ({ state: e.state })),
      onBatch: (e) => updateRun(e.runId, (run) => ({
        batches: [...run.batches, { step: (e.epoch - 1) * e.batches + e.batch, loss: e.loss, acc: e.acc, imagesPerSec: e.imagesPerSec }],
        lastBatch: e,
      })),
      onEpoch: (e) => updateRun(e.runId, (run) => ({ epochs: [...run.epochs.filter((x) => x.epoch !== e.epoch), e] })),
      onEnd: (e) => updateRun(e.runId, () => ({ end: e, state: e.status })),
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
