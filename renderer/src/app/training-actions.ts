import type { EXPORT_FORMATS } from '../../../engine/host/contract.js';
import { LAYERS } from '../../../engine/layers/registry.js';
import { toGraph } from '../graph/flow-graph.js';
import { activeRun } from '../stores/training-store.js';
import type { AppContext } from './app-context.js';
import { reportErrors } from './app-context.js';
import { errorReason } from './error-reason.js';

/** Keeps the training store in step with the engine's events; returns the unsubscribe. */
export function followTrainingEvents(ctx: AppContext): () => void {
  const { engine } = ctx.platform;
  const t = () => ctx.training.getState();
  const offs = [
    engine.subscribe('training.state', (e) => t().onState(e)),
    engine.subscribe('training.batch', (e) => t().onBatch(e)),
    engine.subscribe('training.epoch', (e) => t().onEpoch(e)),
    engine.subscribe('training.end', (e) => t().onEnd(e)),
    // The run has timed the other backends (it may have moved to a faster one).
    engine.subscribe('training.backend', (e) => {
      if (e.runId === t().activeRunId) t().setBackend(e.backend);
    }),
    engine.subscribe('training.error', (e) => {
      t().onError(e);
      ctx.ui.getState().notify({ tone: 'error', message: e.message, fix: e.fix });
    }),
    engine.subscribe('dataset.progress', (e) => t().onDatasetProgress(e)),
    engine.subscribe('dataset.importProgress', (e) => t().onFolderProgress(e)),
    // The run trains the graph as it was at Train: freeze the editor until the run ends.
    ctx.training.subscribe((s) => ctx.graph.getState().setReadOnly(s.starting || s.activeRunId !== null)),
  ];
  return () => { for (const off of offs) off(); };
}

export async function train(ctx: AppContext): Promise<void> {
  const g = ctx.graph.getState();
  const problem = g.analysis.issues[0];
  if (problem) {
    const where = problem.nodeId ? `${LAYERS[g.nodes.find((n) => n.id === problem.nodeId)?.data.kind ?? 'input'].displayName}: ` : '';
    ctx.ui.getState().notify({ tone: 'error', message: `The model has ${g.analysis.issues.length} problem${g.analysis.issues.length > 1 ? 's' : ''}. ${where}${problem.message}`, fix: problem.fix });
    if (problem.nodeId) g.select([problem.nodeId]);
    return;
  }
  const t = ctx.training.getState();
  t.startRequested();
  ctx.ui.getState().setDashboardOpen(true);
  try {
    const { runId, backend } = await ctx.platform.engine.request('training.start', {
      graph: toGraph(g.nodes, g.edges), training: g.training, ...(g.dataset ? { dataset: g.dataset } : {}), ...(g.saved.name ? { name: g.saved.name } : {}),
      ...(t.datasetDir ? { dataDir: t.datasetDir } : {}), ...(t.limit ? { limit: t.limit } : {}),
      ...(t.backendPin ? { backend: t.backendPin } : {}),
    });
    ctx.training.getState().setBackend(backend);
    ctx.training.getState().runStarted(runId, g.training, g.analysis.totalParams, toGraph(g.nodes, g.edges));
  } catch (error) {
    const reason = errorReason(error);
    ctx.training.getState().startFailed(reason);
    ctx.ui.getState().notify({ tone: 'error', ...reason });
  }
}

export async function control(ctx: AppContext, action: 'pause' | 'resume' | 'stop'): Promise<void> {
  const run = activeRun(ctx.training.getState());
  if (!run) return;
  await reportErrors(ctx, () => ctx.platform.engine.request(`training.${action}`, { runId: run.id }));
}

export async function refreshDataset(ctx: AppContext, dir?: string): Promise<void> {
  await reportErrors(ctx, async () => {
    const status = await ctx.platform.engine.request('dataset.status', dir ? { dir } : {});
    if (dir && !status.found) {
      ctx.ui.getState().notify({ tone: 'error', message: status.problem, fix: status.fix });
      return;
    }
    ctx.training.getState().setDataset(status, dir ?? undefined);
  });
}

export async function downloadDataset(ctx: AppContext): Promise<void> {
  await datasetTask(ctx, 'download', () => ctx.platform.engine.request('dataset.download', {}));
}

export async function importDataset(ctx: AppContext): Promise<void> {
  const path = await ctx.platform.dialogs.chooseDatasetArchive();
  if (path) await datasetTask(ctx, 'import', () => ctx.platform.engine.request('dataset.import', { path }));
}

export async function useDatasetFolder(ctx: AppContext): Promise<void> {
  const current = ctx.training.getState().dataset;
  const path = await ctx.platform.dialogs.chooseFolder('dataset', current?.found ? current.dir : 'cifar-10-batches-bin');
  if (path) await refreshDataset(ctx, path);
}

async function datasetTask(ctx: AppContext, task: 'download' | 'import', run: () => Promise<{ dir: string }>): Promise<void> {
  const t = () => ctx.training.getState();
  t().setDatasetTask(task);
  try {
    const { dir } = await run();
    t().setDatasetTask(null);
    ctx.training.getState().setDataset(null, null);
    await refreshDataset(ctx);
    ctx.ui.getState().notify({ tone: 'success', message: `CIFAR-10 is ready in ${dir}` });
  } catch (error) {
    t().setDatasetTask(null, errorReason(error));
  }
}

export function exportModel(ctx: AppContext, runId: string, format: (typeof EXPORT_FORMATS)[number], outDir: string) {
  return ctx.platform.engine.request('model.export', { runId, format, outDir });
}

export function loadTestSamples(ctx: AppContext, indices: number[]) {
  return ctx.platform.engine.request('dataset.samples', { split: 'test', indices });
}

/** The runs the engine kept from earlier sessions, with their curves; called at start. */
export async function loadStoredRuns(ctx: AppContext): Promise<void> {
  await reportErrors(ctx, async () => {
    ctx.training.getState().loadStoredRuns(await ctx.platform.engine.request('runs.list', {}));
  });
}

/** Continues a stopped or interrupted run from its last checkpoint, with its own graph and settings. */
export async function resumeRun(ctx: AppContext, runId: string): Promise<void> {
  const t = ctx.training.getState();
  const run = t.runs.find((r) => r.id === runId);
  if (!run?.graph || !run.config || t.activeRunId) return;
  t.startRequested();
  ctx.ui.getState().setDashboardOpen(true);
  try {
    await ctx.platform.engine.request('training.start', {
      graph: run.graph, training: run.config, resumeRunId: runId, ...(t.datasetDir ? { dataDir: t.datasetDir } : {}),
    });
    ctx.training.getState().runStarted(runId, run.config, run.params ?? 0, run.graph);
  } catch (error) {
    const reason = errorReason(error);
    ctx.training.getState().startFailed(reason);
    ctx.ui.getState().notify({ tone: 'error', ...reason });
  }
}

export async function deleteStoredRun(ctx: AppContext, runId: string): Promise<void> {
  await reportErrors(ctx, async () => {
    await ctx.platform.engine.request('runs.delete', { runId });
    ctx.training.getState().removeRun(runId);
  });
}
