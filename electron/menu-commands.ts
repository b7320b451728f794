/**
 * The commands the native menu sends to the renderer, with their shortcuts. Pure data: the
 * renderer's command list handles these ids, and menu.ts turns them into menu items.
 * Accelerators use Electron's syntax; `CmdOrCtrl` is ⌘ on macOS and Ctrl elsewhere.
 */
export const MENU_COMMAND_IDS = [
  'file.new', 'file.templates', 'file.open', 'file.save', 'file.saveAs', 'file.importDataset', 'file.exportModel',
  'edit.undo', 'edit.redo', 'edit.cut', 'edit.copy', 'edit.paste', 'edit.delete', 'edit.selectAll',
  'view.fitView', 'view.zoomIn', 'view.zoomOut', 'view.autoLayout', 'view.dashboard',
  'train.start', 'train.pause', 'train.stop',
  'help.shortcuts',
] as const;

export type MenuCommandId = (typeof MENU_COMMAND_IDS)[number];

export interface MenuCommand {
  id: MenuCommandId;
  label: string;
  /** Shortcut per platform; omitted where the command has none. */
  accelerator?: string;
  /** Shown in the menu but not registered: the page handles the key itself (the renderer must keep doing so). */
  acceleratorShownOnly?: boolean;
  /** With a text field focused, the preload hands these to Chromium's own editing instead of the renderer. */
  textEditing?: boolean;
}

/** `platform` is `process.platform` (typed as a string so the renderer can import this file). */
export function menuCommands(platform: string): Record<MenuCommandId, MenuCommand> {
  const mac = platform === 'darwin';
  return {
    'file.new': { id: 'file.new', label: 'New Project', accelerator: 'CmdOrCtrl+N' },
    'file.templates': { id: 'file.templates', label: 'Templates…', accelerator: 'CmdOrCtrl+Shift+M' },
    'file.open': { id: 'file.open', label: 'Open…', accelerator: 'CmdOrCtrl+O' },
    'file.save': { id: 'file.save', label: 'Save', accelerator: 'CmdOrCtrl+S' },
    'file.saveAs': { id: 'file.saveAs', label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S' },
    'file.importDataset': { id: 'file.importDataset', label: 'Import Dataset…', accelerator: 'CmdOrCtrl+I' },
    'file.exportModel': { id: 'file.exportModel', label: 'Export Model…', accelerator: 'CmdOrCtrl+E' },
    'edit.undo': { id: 'edit.undo', label: 'Undo', accelerator: 'CmdOrCtrl+Z', textEditing: true },
    'edit.redo': { id: 'edit.redo', label: 'Redo', accelerator: mac ? 'Cmd+Shift+Z' : 'Ctrl+Y', textEditing: true },
    'edit.cut': { id: 'edit.cut', label: 'Cut', accelerator: 'CmdOrCtrl+X', textEditing: true },
    'edit.copy': { id: 'edit.copy', label: 'Copy', accelerator: 'CmdOrCtrl+C', textEditing: true },
    'edit.paste': { id: 'edit.paste', label: 'Paste', accelerator: 'CmdOrCtrl+V', textEditing: true },
    // React Flow deletes the selection on its own key press; registering Delete/Backspace
    // here would also swallow them in text fields.
    'edit.delete': { id: 'edit.delete', label: 'Delete', accelerator: mac ? 'Backspace' : 'Delete', acceleratorShownOnly: true, textEditing: true },
    'edit.selectAll': { id: 'edit.selectAll', label: 'Select All', accelerator: 'CmdOrCtrl+A', textEditing: true },
    'view.fitView': { id: 'view.fitView', label: 'Fit to Window', accelerator: 'CmdOrCtrl+0' },
    'view.zoomIn': { id: 'view.zoomIn', label: 'Zoom In', accelerator: 'CmdOrCtrl+=' },
    'view.zoomOut': { id: 'view.zoomOut', label: 'Zoom Out', accelerator: 'CmdOrCtrl+-' },
    'view.autoLayout': { id: 'view.autoLayout', label: 'Tidy Layout', accelerator: 'CmdOrCtrl+Shift+L' },
    // Single keys would fire while typing in a field: the page handles these itself.
    'view.dashboard': { id: 'view.dashboard', label: 'Training Dashboard', accelerator: 'Shift+D', acceleratorShownOnly: true },
    'train.start': { id: 'train.start', label: 'Start Training', accelerator: 'CmdOrCtrl+Enter' },
    'train.pause': { id: 'train.pause', label: 'Pause / Resume', accelerator: 'CmdOrCtrl+Shift+Enter' },
    'train.stop': { id: 'train.stop', label: 'Stop Training', accelerator: 'CmdOrCtrl+.' },
    'help.shortcuts': { id: 'help.shortcuts', label: 'Keyboard Shortcuts', accelerator: 'Shift+/', acceleratorShownOnly: true },
  };
}
