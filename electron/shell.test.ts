// The shell's wiring, end to end in main with every Electron module faked: what reaches the
// engine process, what reaches the window, and what is refused.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../engine/host/contract.js';
import { channels, eventChannel, requestChannel } from './ipc-channels.js';
import { FakeIpcMain, senderEvent } from './test-fakes.js';

const fakes = vi.hoisted(() => ({ state: {} as Record<string, unknown> }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { FakeIpcMain: Ipc } = await import('./test-fakes.js');
  const userData = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/layerloom-shell-`);
  const session = {
    setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined,
    webRequest: { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined },
  };
  const windows: unknown[] = [];
  class BrowserWindow extends Emitter {
    static getAllWindows = () => windows;
    readonly webContents = Object.assign(new Emitter(), { id: 7, send: (..._args: unknown[]) => undefined, isDestroyed: () => false, session, reload: () => undefined });
    url = '';
    constructor(readonly options: Record<string, unknown>) { super(); windows.push(this); fakes.state.window = this; }
    show() {}
    maximize() {}
    focus() {}
    restore() {}
    isMinimized() { return false; }
    isDestroyed() { return false; }
    isMaximized() { return false; }
    getNormalBounds() { return { x: 0, y: 0, width: 1200, height: 800 }; }
    loadURL(url: string) { this.url = url; return Promise.resolve(); }
  }
  const child = Object.assign(new Emitter(), { posted: [] as unknown[], postMessage(message: unknown) { this.posted.push(message); }, kill: () => true });
  const app = Object.assign(new Emitter(), {
    name: 'Layerloom', isPackaged: false,
    enableSandbox: () => undefined, requestSingleInstanceLock: () => true, quit: () => undefined,
    whenReady: () => Promise.resolve(), getPath: (name: string) => `${userData}/${name}`,
    addRecentDocument: () => undefined, clearRecentDocuments: () => undefined, showAboutPanel: () => undefined,
  });
  const ipcMain = new Ipc();
  const protocol = { registerSchemesAsPrivileged: (...args: unknown[]) => { fakes.state.schemes = args; }, handle: (scheme: string) => { fakes.state.handled = scheme; } };
  const utilityProcess = { fork: (...args: unknown[]) => { fakes.state.fork = args; return child; } };
  const Menu = { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => { fakes.state.menu = menu; } };
  Object.assign(fakes.state, { app, ipcMain, child });
  return { app, BrowserWindow, dialog: {}, ipcMain, Menu, protocol, screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] }, utilityProcess };
});

const { startShell } = await import('./shell.js');
const paths = { preload: '/app/dist/electron/preload.cjs', rendererDir: mkdtempSync(path.join(tmpdir(), 'renderer-')), engineEntry: '/app/dist/electron/engine-process.js' };
startShell(paths);
await new Promise((resolve) => setImmediate(resolve));

type FakeWindow = EventEmitter & { options: { webPreferences: Record<string, unknown> }; url: string; webContents: EventEmitter & { send: (...args: unknown[]) => void } };
const state = fakes.state as { ipcMain: FakeIpcMain; child: EventEmitter & { posted: Array<{ id: number; name: string }> }; window: FakeWindow; fork: unknown[]; schemes: unknown[]; handled: string; menu: Array<{ label?: string; submenu?: Array<{ id?: string; label?: string; click?: () => void; submenu?: unknown[] }> }> };
const sent = vi.spyOn(state.window.webContents, 'send');
// The engine process says it is listening, as engine-service.ts does once started.
state.child.emit('message', { kind: 'ready', pid: 42 });

describe('shell wiring', () => {
  it('registers the app scheme, serves it, and opens the window on it with the preload', () => {
    expect(state.schemes).toEqual([[expect.objectContaining({ scheme: 'layerloom' })]]);
    expect(state.handled).toBe('layerloom');
    expect(state.window.url).toBe('layerloom://app/index.html');
    expect(state.window.options.webPreferences).toMatchObject({ preload: paths.preload, sandbox: true, contextIsolation: true });
  });

  it('starts the engine in a utility process at once', () => {
    expect(state.fork).toEqual([paths.engineEntry, [], expect.objectContaining({ serviceName: 'Layerloom engine' })]);
  });

  it('relays a request from the window to the engine process and the reply back', async () => {
    const reply = state.ipcMain.invoke(requestChannel('training.stop'), senderEvent(7), { runId: 'r1' });
    await vi.waitFor(() => expect(state.child.posted).toHaveLength(1));
    const request = state.child.posted[0];
    expect(request).toMatchObject({ kind: 'request', name: 'training.stop', arg: { runId: 'r1' } });
    state.child.emit('message', { kind: 'reply', id: request?.id, ok: true, result: { state: 'stopping' } });
    await expect(reply).resolves.toEqual({ ok: true, result: { state: 'stopping' } });
  });

  it('refuses the same request from any other web contents', async () => {
    await expect(state.ipcMain.invoke(requestChannel('training.stop'), senderEvent(8), { runId: 'r1' })).rejects.toThrow(/Refused/);
  });

  it('streams engine events to the window', () => {
    const state1: EventPayload<'training.state'> = { runId: 'r1', state: 'running' };
    state.child.emit('message', { kind: 'event', name: 'training.state', payload: state1 });
    expect(sent).toHaveBeenCalledWith(eventChannel('training.state'), state1);
  });

  it('sends menu picks to the window and lists opened projects under Open Recent', async () => {
    const file = state.menu.find((menu) => menu.label === '&File');
    file?.submenu?.find((item) => item.id === 'file.save')?.click?.();
    expect(sent).toHaveBeenCalledWith(channels.menuCommand, 'file.save');

    const reply = state.ipcMain.invoke(requestChannel('project.read'), senderEvent(7), { path: '/p/net.layerloom.json' });
    await vi.waitFor(() => expect(state.child.posted.at(-1)?.name).toBe('project.read'));
    const lenet = (await import('../engine/project/templates.js')).loadTemplate('lenet');
    state.child.emit('message', { kind: 'reply', id: state.child.posted.at(-1)?.id, ok: true, result: { path: '/p/net.layerloom.json', project: lenet } });
    await expect(reply).resolves.toMatchObject({ ok: true });
    const recent = state.menu.find((menu) => menu.label === '&File')?.submenu?.find((item) => item.label === 'Open Recent')?.submenu as Array<{ label?: string }>;
    expect(recent[0]?.label).toContain('net.layerloom.json');
  });

  it('answers every channel the preload uses', () => {
    for (const channel of [channels.dialogOpenProject, channels.dialogSaveProject, channels.dialogChooseFolder, channels.dialogChooseDatasetArchive, channels.recoveryLoad, channels.recoverySave, channels.recoveryClear]) {
      expect(state.ipcMain.handlers.has(channel), channel).toBe(true);
    }
    for (const channel of [channels.rendererReply, channels.nativeEdit]) expect(state.ipcMain.listeners.has(channel), channel).toBe(true);
  });
});
