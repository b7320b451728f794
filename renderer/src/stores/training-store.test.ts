import { describe, expect, it } from 'vitest';
import { REFERENCE_TRAINING } from '../../../engine/project/schema.js';
import { activeRun, createTrainingStore, viewedRun } from './training-store.js';

const batch = (runId: string, epoch: number, b: number) => ({ runId, epoch, epochs: 2, batch: b, batches: 10, loss: 2 - b / 10, acc: b / 20, imagesPerSec: 300, etaSeconds: 5 });

describe('training store', () => {
  it('follows a run from start to end, whichever of reply and first event comes first', () => {
    const store = createTrainingStore();
    store.getState().startRequested();
    store.getState().onState({ runId: 'r1', state: 'loading' });
    expect(activeRun(store.getState())?.label).toBe('Run 1');
    store.getState().runStarted('r1', REFERENCE_TRAINING, 62_006);
    expect(store.getState().starting).toBe(false);
    store.getState().onState({ runId: 'r1', state: 'running' });
    store.getState().onBatch(batch('r1', 1, 5));
    store.getState().onBatch(batch('r1', 2, 3));
    const run = viewedRun(store.getState());
    expect(run?.batches.map((b) => b.step)).toEqual([5, 13]);
    expect(run?.config).toEqual(REFERENCE_TRAINING);
    store.getState().onEpoch({ runId: 'r1', epoch: 1, epochs: 2, loss: 1.5, acc: 0.4, valLoss: 1.6, valAcc: 0.38, seconds: 3, imagesPerSec: 300 });
    store.getState().onEnd({
      runId: 'r1', status: 'completed', testAcc: 0.4, testLoss: 1.6, confusion: [[1]], perClassAcc: [1], classNames: ['a'],
      predictions: [0], labels: [0], params: 62_006, backend: 'cpu', seconds: 6, epochsDone: 2,
    });
    const s = store.getState();
    expect(s.activeRunId).toBeNull();
    expect(viewedRun(s)?.state).toBe('completed');
    expect(viewedRun(s)?.epochs).toHaveLength(1);
  });

  it('keeps runs apart, numbers them and shows the newest', () => {
    const store = createTrainingStore();
    store.getState().onState({ runId: 'a', state: 'running' });
    store.getState().onError({ runId: 'a', message: 'diverged', fix: 'lower the rate' });
    expect(store.getState().activeRunId).toBeNull();
    store.getState().onState({ runId: 'b', state: 'running' });
    expect(store.getState().runs.map((r) => r.label)).toEqual(['Run 1', 'Run 2']);
    expect(store.getState().viewedRunId).toBe('b');
    store.getState().viewRun('a');
    expect(viewedRun(store.getState())?.error?.fix).toBe('lower the rate');
    store.getState().toggleOverlay('a');
    expect(store.getState().runs[0]?.overlay).toBe(false);
  });

  it('adds the engine’s stored runs behind this session’s, with their curves, and marks the resumable ones', () => {
    const store = createTrainingStore();
    store.getState().onState({ runId: 'live', state: 'running' });
    store.getState().onBatch({ ...batch('live', 1, 1), lr: 0.05 });
    const stored = (id: string, status: 'stopped' | 'completed', resumable: boolean, startedAt: string) => ({
      id, name: 'LeNet', startedAt, updatedAt: startedAt, status, graph: { nodes: [], edges: [] }, training: REFERENCE_TRAINING, limit: null, params: 62_006,
      history: [{ epoch: 1, epochs: 10, loss: 2, acc: 0.2, valLoss: null, valAcc: null, seconds: 9, imagesPerSec: 5000, lr: 0.001 }],
      lrCurve: [{ step: 0, lr: 0.001 }], stepsPerEpoch: 500, testAcc: null, testLoss: null, bestEpoch: null, weightsFromEpoch: null,
      stoppedEarly: false, error: null, resumable,
    });
    store.getState().loadStoredRuns([stored('new', 'stopped', true, '2026-12-02'), stored('old', 'completed', false, '2026-12-01')]);
    const { runs } = store.getState();
    expect(runs.map((r) => r.id)).toEqual(['old', 'new', 'live']);
    expect(runs.map((r) => r.label)).toEqual(['Run 1 · LeNet', 'Run 2 · LeNet', 'Run 3']);
    expect(runs[1]).toMatchObject({ stored: true, resumable: true, state: 'stopped', stepsPerEpoch: 500 });
    expect(runs[1]?.epochs[0]).toMatchObject({ runId: 'new', epoch: 1 });
    expect(runs[2]?.batches[0]?.lr).toBe(0.05);
    store.getState().loadStoredRuns([stored('new', 'stopped', true, '2026-12-02')]);
    expect(store.getState().runs).toHaveLength(3); // no duplicates
    store.getState().removeRun('old');
    expect(store.getState().runs.map((r) => r.id)).toEqual(['new', 'live']);
  });
});
