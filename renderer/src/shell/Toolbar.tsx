import { useController, useGraph, useUi } from '../app/hooks.js';
import { isDirty } from '../stores/graph-store.js';
import { TrainControls } from '../training/TrainControls.js';
import { CommandButton } from '../ui/CommandButton.js';
import { Icon } from '../ui/icons.js';
import { MenuBar } from './MenuBar.js';

/** The top bar: app and project identity, menus, and the commands used most, each with its shortcut in the tooltip. */
export function Toolbar() {
  const controller = useController();
  const name = useGraph((s) => s.name);
  const path = useGraph((s) => s.path);
  const dirty = useGraph(isDirty);
  const dashboardOpen = useUi((s) => s.dashboardOpen);
  return (
    <header className="toolbar">
      <div className="brand" aria-label="Layerloom">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5h6v4H4zM14 5h6v4h-6zM9 15h6v4H9zM7 9v3h10V9M12 12v3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" /></svg>
        <span>Layerloom</span>
      </div>
      {!controller.platform.nativeMenu && <MenuBar />}
      <div className="project-title" title={path ?? 'Not saved yet'}>
        <span className="project-name" data-testid="project-name">{name}</span>
        {dirty && <span className="dirty-dot" role="status" aria-label="Unsaved changes" title="Unsaved changes" data-testid="dirty-indicator" />}
      </div>
      <div className="tool-group" role="toolbar" aria-label="File">
        <CommandButton id="file.templates" icon="grid" />
        <CommandButton id="file.open" icon="folder" />
        <CommandButton id="file.save" icon="save" />
      </div>
      <div className="tool-group" role="toolbar" aria-label="Edit">
        <CommandButton id="edit.undo" icon="undo" />
        <CommandButton id="edit.redo" icon="redo" />
        <CommandButton id="edit.duplicate" icon="duplicate" />
        <CommandButton id="edit.delete" icon="trash" />
      </div>
      <div className="tool-group" role="toolbar" aria-label="View">
        <CommandButton id="view.autoLayout" icon="layout" />
        <CommandButton id="view.fitView" icon="fit" />
        <CommandButton id="view.zoomOut" icon="zoomOut" />
        <CommandButton id="view.zoomIn" icon="zoomIn" />
      </div>
      <div className="spacer" />
      <button type="button" className={dashboardOpen ? 'btn ghost active' : 'btn ghost'} aria-pressed={dashboardOpen} title="Toggle training dashboard (Shift+D)"
        onClick={() => controller.run('view.dashboard')}>
        <Icon name="chart" /> <span>Dashboard</span>
      </button>
      <CommandButton id="file.exportModel" icon="export" className="btn" showLabel label="Export" />
      <div className="toolbar-train"><TrainControls /></div>
    </header>
  );
}
