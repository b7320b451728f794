import { formatBinding, matchesBinding, toAccelerator, type KeyEventLike } from './keys.js';

/**
 * Every user action, once: the toolbar, the in-page menus, keyboard shortcuts and Electron's
 * native menu all read this list. Nothing here imports React or the DOM, so Electron's main
 * process can build its menu from it and send back the chosen id.
 */

/** What commands act on; the app controller implements it. */
export interface CommandTarget {
  newProject(): void; openProject(): void; saveProject(): void; saveProjectAs(): void; showTemplates(): void;
  importDataset(): void; showExport(): void; canExport(): boolean;
  undo(): void; redo(): void; canUndo(): boolean; canRedo(): boolean;
  cut(): void; copy(): void; paste(): void; canPaste(): boolean; duplicate(): void; deleteSelection(): void; hasSelection(): boolean; selectAll(): void;
  isReadOnly(): boolean;
  fitView(): void; zoomIn(): void; zoomOut(): void; autoLayout(): void; toggleDashboard(): void; focusPalette(): void; showShortcuts(): void;
  train(): void; pause(): void; resume(): void; stop(): void;
  trainingPhase(): 'idle' | 'starting' | 'running' | 'paused' | 'stopping';
}

export type MenuName = 'File' | 'Edit' | 'View' | 'Model' | 'Run' | 'Help';

export interface Command {
  /** Shared with Electron's native menu (electron/menu-commands.ts), which sends these ids. */
  id: string;
  label: string;
  menu: MenuName;
  /** The first binding is the one shown in menus and tooltips. */
  keys: readonly string[];
  /** Works even while typing in a field; the rest leave a field's own keys (undo, copy…) alone. */
  global?: boolean;
  perform(app: CommandTarget): void;
  enabled?(app: CommandTarget): boolean;
}

const editable = (app: CommandTarget) => !app.isReadOnly();
const phase = (app: CommandTarget) => app.trainingPhase();
const selectionEditable = (app: CommandTarget) => app.hasSelection() && editable(app);

export const COMMANDS: readonly Command[] = [
  // Ctrl+N belongs to the browser in browser mode; Ctrl+Alt+N works in both hosts.
  { id: 'file.new', label: 'New project', menu: 'File', keys: ['Mod+Alt+N', 'Mod+N'], global: true, perform: (a) => a.newProject(), enabled: editable },
  { id: 'file.templates', label: 'Templates…', menu: 'File', keys: ['Mod+Shift+M'], global: true, perform: (a) => a.showTemplates(), enabled: editable },
  { id: 'file.open', label: 'Open…', menu: 'File', keys: ['Mod+O'], global: true, perform: (a) => a.openProject(), enabled: editable },
  { id: 'file.save', label: 'Save', menu: 'File', keys: ['Mod+S'], global: true, perform: (a) => a.saveProject() },
  { id: 'file.saveAs', label: 'Save As…', menu: 'File', keys: ['Mod+Shift+S'], global: true, perform: (a) => a.saveProjectAs() },
  { id: 'file.importDataset', label: 'Import dataset…', menu: 'File', keys: ['Mod+I'], global: true, perform: (a) => a.importDataset(), enabled: editable },
  { id: 'file.exportModel', label: 'Export model…', menu: 'File', keys: ['Mod+E'], global: true, perform: (a) => a.showExport(), enabled: (a) => a.canExport() },

  { id: 'edit.undo', label: 'Undo', menu: 'Edit', keys: ['Mod+Z'], perform: (a) => a.undo(), enabled: (a) => a.canUndo() },
  { id: 'edit.redo', label: 'Redo', menu: 'Edit', keys: ['Mod+Shift+Z', 'Mod+Y'], perform: (a) => a.redo(), enabled: (a) => a.canRedo() },
  { id: 'edit.cut', label: 'Cut', menu: 'Edit', keys: ['Mod+X'], perform: (a) => a.cut(), enabled: selectionEditable },
  { id: 'edit.copy', label: 'Copy', menu: 'Edit', keys: ['Mod+C'], perform: (a) => a.copy(), enabled: (a) => a.hasSelection() },
  { id: 'edit.paste', label: 'Paste', menu: 'Edit', keys: ['Mod+V'], perform: (a) => a.paste(), enabled: (a) => a.canPaste() && editable(a) },
  { id: 'edit.duplicate', label: 'Duplicate', menu: 'Edit', keys: ['Mod+D'], perform: (a) => a.duplicate(), enabled: selectionEditable },
  { id: 'edit.delete', label: 'Delete', menu: 'Edit', keys: ['Delete', 'Backspace'], perform: (a) => a.deleteSelection(), enabled: selectionEditable },
  { id: 'edit.selectAll', label: 'Select all', menu: 'Edit', keys: ['Mod+A'], perform: (a) => a.selectAll() },

  { id: 'view.fitView', label: 'Fit view', menu: 'View', keys: ['Mod+0', 'Shift+1'], perform: (a) => a.fitView() },
  { id: 'view.zoomIn', label: 'Zoom in', menu: 'View', keys: ['Mod+=', 'Mod+Plus', '=', 'Plus'], perform: (a) => a.zoomIn() },
  { id: 'view.zoomOut', label: 'Zoom out', menu: 'View', keys: ['Mod+-', '-'], perform: (a) => a.zoomOut() },
  { id: 'view.dashboard', label: 'Training dashboard', menu: 'View', keys: ['Shift+D'], perform: (a) => a.toggleDashboard() },
  { id: 'view.search', label: 'Search layers', menu: 'View', keys: ['/', 'Mod+K'], perform: (a) => a.focusPalette() },

  { id: 'view.autoLayout', label: 'Auto-layout', menu: 'Model', keys: ['Mod+Shift+L'], perform: (a) => a.autoLayout(), enabled: editable },

  { id: 'train.start', label: 'Train', menu: 'Run', keys: ['Mod+Enter'], global: true, perform: (a) => a.train(), enabled: (a) => phase(a) === 'idle' },
  // One id for both halves of the toggle, as the native menu has one "Pause / Resume" item.
  { id: 'train.pause', label: 'Pause', menu: 'Run', keys: ['Mod+Shift+Enter'], global: true,
    perform: (a) => (phase(a) === 'paused' ? a.resume() : a.pause()), enabled: (a) => phase(a) === 'running' || phase(a) === 'paused' },
  { id: 'train.resume', label: 'Resume', menu: 'Run', keys: ['Mod+Shift+Enter'], global: true, perform: (a) => a.resume(), enabled: (a) => phase(a) === 'paused' },
  { id: 'train.stop', label: 'Stop', menu: 'Run', keys: ['Mod+.'], global: true, perform: (a) => a.stop(), enabled: (a) => phase(a) === 'running' || phase(a) === 'paused' },

  { id: 'help.shortcuts', label: 'Keyboard shortcuts', menu: 'Help', keys: ['Shift+/'], perform: (a) => a.showShortcuts() },
];

export function findCommand(id: string): Command | undefined {
  return COMMANDS.find((c) => c.id === id);
}

/** Runs a command if it is enabled; returns whether it ran. */
export function runCommand(id: string, app: CommandTarget): boolean {
  const command = findCommand(id);
  if (!command || (command.enabled && !command.enabled(app))) return false;
  command.perform(app);
  return true;
}

/** The command a key press means, if any. `inField`: focus is in a text field. */
export function commandForKey(event: KeyEventLike, isMac: boolean, inField: boolean): Command | undefined {
  return COMMANDS.find((c) => (c.global || !inField) && c.keys.some((k) => matchesBinding(event, k, isMac)));
}

/** "Undo (Ctrl+Z)": what tooltips and menus show. */
export function commandTitle(command: Command, isMac: boolean): string {
  const key = command.keys[0];
  return key ? `${command.label} (${formatBinding(key, isMac)})` : command.label;
}

/** For Electron's native menu: the list grouped by menu with accelerators. */
export function menuTemplate(): { menu: MenuName; items: { id: string; label: string; accelerator?: string }[] }[] {
  const menus: MenuName[] = ['File', 'Edit', 'View', 'Model', 'Run', 'Help'];
  return menus.map((menu) => ({
    menu,
    items: COMMANDS.filter((c) => c.menu === menu).map((c) => ({ id: c.id, label: c.label, ...(c.keys[0] ? { accelerator: toAccelerator(c.keys[0]) } : {}) })),
  }));
}
