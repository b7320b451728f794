import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, enableMenu, type MenuOptions } from './menu.js';
import { MENU_COMMAND_IDS } from './menu-commands.js';

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux', appName: 'Layerloom', isPackaged: true, recentFiles: [],
    sendCommand: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), showAbout: vi.fn(),
    ...overrides,
  };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const labels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label ?? item.role);

describe('native menu', () => {
  it('has File, Edit, View, Train and Help, with each command id exactly once', () => {
    const template = buildMenuTemplate(options());
    expect(labels(template)).toEqual(['&File', '&Edit', '&View', '&Train', '&Help']);
    const ids = flatten(template).map((item) => item.id).filter(Boolean);
    expect([...ids].sort()).toEqual([...MENU_COMMAND_IDS].sort());
  });

  it('sends the command id to the renderer when an item is picked', () => {
    const sendCommand = vi.fn();
    const items = flatten(buildMenuTemplate(options({ sendCommand })));
    for (const id of MENU_COMMAND_IDS) {
      const item = items.find((entry) => entry.id === id);
      (item?.click as () => void)();
    }
    expect(sendCommand.mock.calls.map(([id]) => id)).toEqual([...MENU_COMMAND_IDS]);
  });

  it('uses each platform\'s shortcuts', () => {
    const accelerator = (platform: string, id: string) => flatten(buildMenuTemplate(options({ platform }))).find((item) => item.id === id)?.accelerator;
    expect(accelerator('linux', 'file.save')).toBe('CmdOrCtrl+S');
    expect(accelerator('linux', 'edit.redo')).toBe('Ctrl+Y');
    expect(accelerator('darwin', 'edit.redo')).toBe('Cmd+Shift+Z');
    expect(accelerator('win32', 'train.start')).toBe('CmdOrCtrl+Enter');
    const deletion = flatten(buildMenuTemplate(options())).find((item) => item.id === 'edit.delete');
    expect(deletion).toMatchObject({ accelerator: 'Delete', registerAccelerator: false });
    const accelerators = flatten(buildMenuTemplate(options())).map((item) => item.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('registers only shortcuts with Ctrl/⌘, so typing in a field never triggers a menu item', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const items = flatten(buildMenuTemplate(options({ platform }))).filter((item) => item.id && item.accelerator);
      const registered = items.filter((item) => item.registerAccelerator !== false);
      for (const item of registered) expect(item.accelerator, item.id).toMatch(/^(CmdOrCtrl|Cmd|Ctrl)\+/);
      expect(items.filter((item) => item.registerAccelerator === false).map((item) => item.id).sort()).toEqual(['edit.delete', 'help.shortcuts', 'view.dashboard']);
    }
  });

  it('puts the app menu first and adds the Window menu on macOS', () => {
    const template = buildMenuTemplate(options({ platform: 'darwin' }));
    expect(labels(template)).toEqual(['Layerloom', '&File', '&Edit', '&View', '&Train', 'windowMenu', '&Help']);
    const appMenu = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((item) => item.role).filter(Boolean)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
  });

  it('lists recent projects, opens them, and clears the list', () => {
    const openRecent = vi.fn();
    const clearRecent = vi.fn();
    const template = buildMenuTemplate(options({ recentFiles: ['/home/ada/nets/lenet.layerloom.json'], openRecent, clearRecent }));
    const recent = flatten(template).find((item) => item.label === 'Open Recent')?.submenu as MenuItemConstructorOptions[];
    expect(recent[0]?.label).toBe('lenet.layerloom.json — /home/ada/nets');
    (recent[0]?.click as () => void)();
    expect(openRecent).toHaveBeenCalledWith('/home/ada/nets/lenet.layerloom.json');
    const clear = recent.find((item) => item.label === 'Clear Recent');
    expect(clear?.enabled).toBe(true);
    (clear?.click as () => void)();
    expect(clearRecent).toHaveBeenCalled();
    const empty = flatten(buildMenuTemplate(options())).find((item) => item.label === 'Open Recent')?.submenu as MenuItemConstructorOptions[];
    expect(empty[0]).toMatchObject({ label: 'No Recent Projects', enabled: false });
  });

  it('offers developer tools only when not packaged', () => {
    const roles = (isPackaged: boolean) => flatten(buildMenuTemplate(options({ isPackaged }))).map((item) => item.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('installs the menu and rebuilds it on refresh', () => {
    const menu = { buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => template), setApplicationMenu: vi.fn() };
    let recentFiles: string[] = [];
    const { refresh } = enableMenu(menu as never, () => options({ recentFiles }));
    recentFiles = ['/a.layerloom.json'];
    refresh();
    expect(menu.setApplicationMenu).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(menu.buildFromTemplate.mock.calls[1]?.[0])).toContain('a.layerloom.json');
  });
});
