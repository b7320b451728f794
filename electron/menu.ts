import path from 'node:path';
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { menuCommands, type MenuCommand, type MenuCommandId } from './menu-commands.js';

export interface MenuOptions {
  platform: string;
  appName: string;
  /** Developer tools only in unpackaged runs. */
  isPackaged: boolean;
  recentFiles: readonly string[];
  /** Sends a command id to the renderer's command list. */
  sendCommand(id: MenuCommandId): void;
  openRecent(file: string): void;
  clearRecent(): void;
  showAbout(): void;
}

/** The native menu, as data: File, Edit, View, Train, (Window), Help; the macOS app menu first. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const commands = menuCommands(options.platform);
  const item = (id: MenuCommandId): MenuItemConstructorOptions => commandItem(commands[id], options.sendCommand);
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const recent: MenuItemConstructorOptions[] = options.recentFiles.length === 0
    ? [{ label: 'No Recent Projects', enabled: false }]
    : options.recentFiles.map((file) => ({ label: recentLabel(file), toolTip: file, click: () => options.openRecent(file) }));

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' }, separator, { role: 'services' }, separator,
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        item('file.new'), item('file.templates'), item('file.open'),
        { label: 'Open Recent', submenu: [...recent, separator, { label: 'Clear Recent', enabled: options.recentFiles.length > 0, click: options.clearRecent }] },
        separator, item('file.save'), item('file.saveAs'),
        separator, item('file.importDataset'), item('file.exportModel'),
        separator, mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('edit.undo'), item('edit.redo'), separator,
        item('edit.cut'), item('edit.copy'), item('edit.paste'), item('edit.delete'), separator,
        item('edit.selectAll'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('view.fitView'), item('view.zoomIn'), item('view.zoomOut'), separator,
        item('view.autoLayout'), item('view.dashboard'), separator,
        { role: 'togglefullscreen' },
        ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
      ],
    },
    { label: '&Train', submenu: [item('train.start'), item('train.pause'), item('train.stop')] },
  );
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [item('help.shortcuts'), ...(mac ? [] : [separator, { label: `About ${options.appName}`, click: options.showAbout }])],
  });
  return template;
}

function commandItem(command: MenuCommand, send: (id: MenuCommandId) => void): MenuItemConstructorOptions {
  return {
    id: command.id,
    label: command.label,
    ...(command.accelerator ? { accelerator: command.accelerator } : {}),
    ...(command.acceleratorShownOnly ? { registerAccelerator: false } : {}),
    click: () => send(command.id),
  };
}

/** "lenet.layerloom.json — ~/projects" reads better than a long path. */
export function recentLabel(file: string): string {
  return `${path.basename(file)} — ${path.dirname(file)}`.replace(/&/g, '&&');
}

type MenuApi = Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>;

/** Installs the application menu; call `refresh()` when what it shows (recent files) changes. */
export function enableMenu(menu: MenuApi, options: () => MenuOptions): { refresh(): void } {
  const refresh = () => menu.setApplicationMenu(menu.buildFromTemplate(buildMenuTemplate(options())));
  refresh();
  return { refresh };
}
