import path from 'node:path';
import {
  app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, utilityProcess,
} from 'electron';
import { APP_ENTRY_URL, enableAppProtocol, isAppUrl, registerAppScheme } from './app-protocol.js';
import { confirmUnsavedChanges, enableCloseGuard } from './close-guard.js';
import { enableCrashReload } from './crash-reload.js';
import { enableDialogs } from './dialogs.js';
import { EngineProcessClient } from './engine-client.js';
import { enableEngineIpc } from './engine-ipc.js';
import { utilityEngineChild } from './engine-spawn.js';
import { channels } from './ipc-channels.js';
import type { IpcMainLike } from './ipc-main.js';
import { enableLagMonitor } from './lag-monitor.js';
import { enableMenu } from './menu.js';
import type { MenuCommandId } from './menu-commands.js';
import { enableNativeEdit } from './native-edit.js';
import { RecentFiles } from './recent-files.js';
import { enableRecovery } from './recovery.js';
import { RendererQueries } from './renderer-queries.js';
import { enableSecurity } from './security.js';
import { enableSingleInstance, projectFromArgv } from './single-instance.js';
import { TrustedSenders } from './trusted-senders.js';
import { createMainWindow } from './window.js';

/** Where the built pieces are; main.ts works these out so nothing here imports the renderer. */
export interface ShellPaths {
  /** The compiled preload (CommonJS, sandboxed). */
  preload: string;
  /** The built renderer folder holding index.html (dist-renderer/). */
  rendererDir: string;
  /** The engine's utility-process entry (engine-process.js). */
  engineEntry: string;
}

/**
 * The desktop app: a chain of small modules, each switched on by one call. Runs in main,
 * before `ready` for the parts that must (scheme, single instance, security hooks).
 */
export function startShell(paths: ShellPaths): void {
  registerAppScheme(protocol);
  app.enableSandbox();

  let window: BrowserWindow | null = null;
  let pendingFile: string | null = projectFromArgv(process.argv, process.cwd());
  const openFile = (file: string) => {
    if (window && !window.isDestroyed()) {
      window.webContents.send(channels.openFile, file);
      if (window.isMinimized()) window.restore();
      window.focus();
    } else {
      pendingFile = file;
    }
  };

  if (!enableSingleInstance(app, (argv, cwd) => {
    const file = projectFromArgv(argv, cwd);
    if (file) openFile(file);
    else if (window) { if (window.isMinimized()) window.restore(); window.focus(); }
  })) return;

  enableSecurity(app, { isAppUrl });
  enableLagMonitor(app, process.env.LAYERLOOM_LAG_LOG);
  // macOS hands over files (Finder, dock) through this event, possibly before `ready`.
  app.on('open-file', (event, file) => { event.preventDefault(); openFile(file); });

  void app.whenReady().then(() => {
    const userData = app.getPath('userData');
    enableAppProtocol(protocol, paths.rendererDir);

    const senders = new TrustedSenders(isAppUrl);
    const ipc = ipcMain as unknown as IpcMainLike;
    const recent = new RecentFiles(path.join(userData, 'recent-projects.json'));

    const engine = new EngineProcessClient(() => utilityEngineChild(() =>
      utilityProcess.fork(paths.engineEntry, [], { serviceName: 'Layerloom engine', stdio: 'inherit' })));
    engine.start();
    app.on('will-quit', () => engine.dispose());

    const menu = enableMenu(Menu, () => ({
      platform: process.platform,
      appName: app.name,
      isPackaged: app.isPackaged,
      recentFiles: recent.list(),
      sendCommand: (id: MenuCommandId) => window?.webContents.send(channels.menuCommand, id),
      openRecent: openFile,
      clearRecent: () => { recent.clear(); app.clearRecentDocuments(); menu.refresh(); },
      showAbout: () => app.showAboutPanel(),
    }));
    const remember = (file: string) => {
      if (recent.add(file)) menu.refresh();
      app.addRecentDocument(file);
    };

    enableEngineIpc(ipc, engine, {
      isTrustedSender: (event) => senders.isTrusted(event),
      broadcast: (channel, payload) => senders.broadcast(channel, payload),
      onSuccess: (name, _arg, result) => {
        if (name === 'project.read' || name === 'project.write') remember((result as { path: string }).path);
      },
    });
    enableDialogs(ipc, dialog, {
      isTrustedSender: (event) => senders.isTrusted(event),
      windowFor: () => window,
      documentsDir: app.getPath('documents'),
    });
    enableNativeEdit(ipc, (event) => senders.isTrusted(event));
    const recovery = enableRecovery(ipc, { file: path.join(userData, 'recovery', 'autosave.layerloom.json'), isTrustedSender: (event) => senders.isTrusted(event) });
    const queries = new RendererQueries(ipc, (event) => senders.isTrusted(event));

    const openWindow = () => {
      const created = createMainWindow({
        preloadPath: paths.preload,
        entryUrl: APP_ENTRY_URL,
        stateFile: path.join(userData, 'window-state.json'),
        workAreas: screen.getAllDisplays().map((display) => display.workArea),
      });
      window = created;
      senders.add(created.webContents);
      enableCrashReload(created);
      enableCloseGuard(app, created, {
        ask: (query, timeoutMs, fallback) => queries.ask(created.webContents, query, timeoutMs, fallback),
        confirm: () => confirmUnsavedChanges(dialog, created),
        onCleanClose: () => recovery.discard(),
      });
      created.webContents.on('did-finish-load', () => {
        // The preload holds files until the page subscribes, so sending now is safe.
        if (pendingFile) created.webContents.send(channels.openFile, pendingFile);
        pendingFile = null;
      });
      created.on('closed', () => { if (window === created) window = null; });
    };
    openWindow();

    app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) openWindow(); });
  });

  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
}
