import * as datasets from './dataset-actions.js';
import type { CommandTarget } from '../commands/commands.js';
import { runCommand } from '../commands/commands.js';
import type { Platform } from '../platform/platform.js';
import { createGraphStore, isDirty, selectedIds } from '../stores/graph-store.js';
import { createTrainingStore, isTerminal } from '../stores/training-store.js';
import { createUiStore } from '../stores/ui-store.js';
import type { AppContext, FlowInstance } from './app-context.js';
import { reportErrors } from './app-context.js';
import { parseRecovery, startAutosave } from './autosave.js';
import * as projects from './project-actions.js';
import * as training from './training-actions.js';
import { toGraph } from '../graph/flow-graph.js';

/**
 * The app's behaviour in one place: stores hold state, this object performs the actions that
 * talk to the engine, dialogs and storage. Commands, the toolbar and panels all call it.
 */
export class AppController implements CommandTarget {
  readonly ctx: AppContext;
  private flowInstance: FlowInstance | null = null;

  readonly isMac: boolean;

  constructor(readonly platform: Platform) {
    this.isMac = platform.isMac;
    this.ctx = {
      platform, graph: createGraphStore(), training: createTrainingStore(), ui: createUiStore(),
      flow: () => this.flowInstance,
    };
  }

  get graph() { return this.ctx.graph; }
  get training() { return this.ctx.training; }
  get ui() { return this.ctx.ui; }

  /** Connects to the engine's events and storage; returns what undoes it. */
  start(): () => void {
    const stops = [training.followTrainingEvents(this.ctx), startAutosave(this.graph, this.platform.recovery)];
    const disconnect = this.platform.connect?.({
      runCommand: (id) => this.run(id),
      openPath: (path) => { void projects.openProject(this.ctx, path); },
      isDirty: () => isDirty(this.graph.getState()),
      save: () => projects.saveProject(this.ctx),
    });
    if (disconnect) stops.push(disconnect);
    void reportErrors(this.ctx, async () => {
      const info = await this.platform.engine.request('engine.info', {});
      this.training.getState().setEngineInfo(info);
      this.graph.getState().setMemoryLimits(info.memory ?? null);
    });
    void training.refreshDataset(this.ctx);
    void training.loadStoredRuns(this.ctx);
    void this.platform.recovery.load().then((text) => { if (text && parseRecovery(text)) this.ui.getState().setRecovery({ text }); });
    return () => { for (const stop of stops) stop(); };
  }

  attachFlow(flow: FlowInstance | null): void { this.flowInstance = flow; }
  run(commandId: string): boolean { return runCommand(commandId, this); }

  restoreRecovery(accept: boolean): void {
    const found = this.ui.getState().recovery;
    this.ui.getState().setRecovery(null);
    const record = found && parseRecovery(found.text);
    if (accept && record) {
      this.graph.getState().loadProject(record.project, record.path, { dirty: true });
      projects.fitSoon(this.ctx);
    } else {
      void this.platform.recovery.clear();
    }
  }

  // Project
  newProject() { void projects.newProject(this.ctx); }
  importDataset() { void training.importDataset(this.ctx); }
  openProject() { void projects.openProject(this.ctx); }
  saveProject() { void projects.saveProject(this.ctx); }
  saveProjectAs() { void projects.saveProjectAs(this.ctx); }
  showTemplates() { this.ui.getState().openDialog('templates'); }
  loadTemplate(template: projects.TemplateSummary) { void projects.loadTemplate(this.ctx, template); }
  showExport() { this.ui.getState().openDialog('export'); }
  canExport() {
    const s = this.training.getState();
    return s.runs.some((r) => r.end !== null);
  }

  // Edit
  undo() { this.graph.getState().undo(); }
  redo() { this.graph.getState().redo(); }
  canUndo() { const s = this.graph.getState(); return !s.readOnly && s.past.length > 0; }
  canRedo() { const s = this.graph.getState(); return !s.readOnly && s.future.length > 0; }
  cut() { this.graph.getState().copySelection(); this.graph.getState().deleteSelected(); }
  copy() { this.graph.getState().copySelection(); }
  paste() { this.graph.getState().paste(); }
  canPaste() { return this.graph.getState().clipboard !== null; }
  duplicate() { this.graph.getState().duplicateSelection(); }
  deleteSelection() { this.graph.getState().deleteSelected(); }
  hasSelection() { const s = this.graph.getState(); return selectedIds(s).length > 0 || s.edges.some((e) => e.selected); }
  selectAll() { this.graph.getState().selectAll(); }
  isReadOnly() { return this.graph.getState().readOnly; }

  // View
  fitView() { void this.flowInstance?.fitView({ padding: 0.15, duration: 200 }); }
  zoomIn() { void this.flowInstance?.zoomIn({ duration: 150 }); }
  zoomOut() { void this.flowInstance?.zoomOut({ duration: 150 }); }
  toggleDashboard() { const ui = this.ui.getState(); ui.setDashboardOpen(!ui.dashboardOpen); }
  focusPalette() { this.ui.getState().focusPalette(); }
  showShortcuts() { this.ui.getState().openDialog('shortcuts'); }
  autoLayout() {
    const s = this.graph.getState();
    if (s.readOnly || s.nodes.length === 0) return;
    const sizes = new Map(s.nodes.map((n) => [n.id, { width: n.measured?.width ?? 220, height: n.measured?.height ?? 64 }]));
    void reportErrors(this.ctx, async () => {
      // ELK is large; load it on first use so the app starts quickly.
      const { layoutGraph } = await import('./auto-layout.js');
      const positions = await layoutGraph(toGraph(s.nodes, s.edges), (id) => sizes.get(id) ?? { width: 220, height: 64 });
      this.graph.getState().applyPositions(positions);
      projects.fitSoon(this.ctx);
    });
  }

  // Training
  train() { void training.train(this.ctx); }
  pause() { void training.control(this.ctx, 'pause'); }
  resume() { void training.control(this.ctx, 'resume'); }
  stop() { void training.control(this.ctx, 'stop'); }
  trainingPhase(): 'idle' | 'starting' | 'running' | 'paused' | 'stopping' {
    const s = this.training.getState();
    if (s.starting) return 'starting';
    const run = s.runs.find((r) => r.id === s.activeRunId);
    if (!run || isTerminal(run.state)) return 'idle';
    return run.state === 'loading' ? 'running' : run.state === 'paused' ? 'paused' : run.state === 'stopping' ? 'stopping' : 'running';
  }
  refreshDataset() { void training.refreshDataset(this.ctx); }
  resumeRun(runId: string) { void training.resumeRun(this.ctx, runId); }
  deleteStoredRun(runId: string) { void training.deleteStoredRun(this.ctx, runId); }
  downloadDataset() { void training.downloadDataset(this.ctx); }
  useDatasetFolder() { void training.useDatasetFolder(this.ctx); }
  exportModel(runId: string, format: Parameters<typeof training.exportModel>[2], outDir: string) { return training.exportModel(this.ctx, runId, format, outDir); }
  loadTestSamples(indices: number[]) { return training.loadTestSamples(this.ctx, indices); }
  // Image folders and predictions
  importImageFolder(choice: datasets.FolderChoice) { return datasets.importImageFolder(this.ctx, choice); }
  useCifar10() { datasets.useCifar10(this.ctx); }
  chooseImageFolder(current: string) { return datasets.chooseImageFolder(this.ctx, current); }
  loadTrainSamples(indices: number[]) { return datasets.loadTrainSamples(this.ctx, indices); }
  predictFiles(runId: string, files: readonly File[]) { return datasets.predictFiles(this.ctx, runId, files); }
}
