import type { RequestResult } from '../../../engine/host/contract.js';
import type { Project } from '../../../engine/project/schema.js';
import { isDirty, projectOf } from '../stores/graph-store.js';
import type { AppContext } from './app-context.js';
import { reportErrors } from './app-context.js';

export type TemplateSummary = RequestResult<'templates.list'>[number];

async function confirmDiscard(ctx: AppContext): Promise<boolean> {
  const s = ctx.graph.getState();
  if (!isDirty(s)) return true;
  return ctx.ui.getState().askConfirm({
    title: 'Discard unsaved changes?',
    message: `“${s.name}” has changes that are not saved. They will be lost.`,
    confirmLabel: 'Discard changes',
  });
}

function currentProject(ctx: AppContext): Project {
  const viewport = ctx.flow()?.getViewport();
  return projectOf(ctx.graph.getState(), viewport ? { viewport } : undefined);
}

/** After a load the canvas has new nodes to measure; fit once they are drawn. */
export function fitSoon(ctx: AppContext): void {
  const flow = ctx.flow();
  if (!flow) return;
  requestAnimationFrame(() => requestAnimationFrame(() => { void flow.fitView({ padding: 0.15, duration: 200 }); }));
}

export async function newProject(ctx: AppContext): Promise<void> {
  if (!(await confirmDiscard(ctx))) return;
  ctx.graph.getState().newProject();
}

export async function openProject(ctx: AppContext, given?: string): Promise<void> {
  if (!(await confirmDiscard(ctx))) return;
  const path = given ?? await ctx.platform.dialogs.openProject();
  if (!path) return;
  await reportErrors(ctx, async () => {
    const opened = await ctx.platform.engine.request('project.read', { path });
    ctx.graph.getState().loadProject(opened.project, opened.path);
    fitSoon(ctx);
    ctx.ui.getState().notify({ tone: 'success', message: `Opened ${opened.path}` });
  });
}

export async function loadTemplate(ctx: AppContext, template: TemplateSummary): Promise<void> {
  if (!(await confirmDiscard(ctx))) return;
  ctx.graph.getState().loadProject(template.project, null);
  ctx.ui.getState().openDialog(null);
  fitSoon(ctx);
}

/** Resolves whether the project was written. */
async function writeTo(ctx: AppContext, path: string): Promise<boolean> {
  const saved = await reportErrors(ctx, async () => {
    const written = await ctx.platform.engine.request('project.write', { path, project: currentProject(ctx) });
    ctx.graph.getState().markSaved(written.path);
    await ctx.platform.recovery.clear();
    ctx.ui.getState().notify({ tone: 'success', message: `Saved ${written.path}` });
    return true;
  });
  return saved === true;
}

export async function saveProjectAs(ctx: AppContext): Promise<boolean> {
  const s = ctx.graph.getState();
  const slug = s.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
  const path = await ctx.platform.dialogs.saveProject(s.path ?? `${slug}.layerloom.json`);
  return path ? writeTo(ctx, path) : false;
}

export async function saveProject(ctx: AppContext): Promise<boolean> {
  const { path } = ctx.graph.getState();
  return path ? writeTo(ctx, path) : saveProjectAs(ctx);
}
