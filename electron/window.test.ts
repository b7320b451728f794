import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, trackWindowState } from './window-state.js';

const created = vi.hoisted(() => [] as Array<{ options: Record<string, unknown>; window: unknown }>);
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    shown = false;
    maximized = false;
    url = '';
    constructor(readonly options: Record<string, unknown>) { super(); created.push({ options, window: this }); }
    show() { this.shown = true; }
    maximize() { this.maximized = true; }
    loadURL(url: string) { this.url = url; return Promise.resolve(); }
    isDestroyed() { return false; }
    isMaximized() { return this.maximized; }
    getNormalBounds() { return { x: 10, y: 20, width: 1000, height: 700 }; }
  }
  return { BrowserWindow };
});

const { createMainWindow } = await import('./window.js');
const display = { x: 0, y: 0, width: 1920, height: 1080 };
const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'layerloom-window-')), 'window-state.json');

describe('main window', () => {
  it('is sandboxed, isolated and without Node, and loads the app page hidden', () => {
    const stateFile = tempFile();
    createMainWindow({ preloadPath: '/app/preload.cjs', entryUrl: 'layerloom://app/index.html', stateFile, workAreas: [display] });
    const { options, window } = created.at(-1)!;
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true,
      allowRunningInsecureContent: false, webviewTag: false,
    });
    expect(options.show).toBe(false);
    const fake = window as EventEmitter & { shown: boolean; url: string };
    expect(fake.url).toBe('layerloom://app/index.html');
    expect(fake.shown).toBe(false);
    fake.emit('ready-to-show');
    expect(fake.shown).toBe(true);
  });

  it('opens where it was last time, maximized if it was', () => {
    const stateFile = tempFile();
    writeFileSync(stateFile, JSON.stringify({ x: 100, y: 50, width: 1200, height: 800, maximized: true }));
    createMainWindow({ preloadPath: 'p', entryUrl: 'layerloom://app/index.html', stateFile, workAreas: [display] });
    const { options, window } = created.at(-1)!;
    expect(options).toMatchObject({ x: 100, y: 50, width: 1200, height: 800 });
    expect((window as { maximized: boolean }).maximized).toBe(true);
    (window as EventEmitter).emit('close');
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
  });
});

describe('window state', () => {
  it('falls back to the default on a missing or corrupt file', () => {
    const file = tempFile();
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width": "wide"');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that is no longer on any display, and shrinks to fit', () => {
    expect(fitToDisplays({ x: 3000, y: 100, width: 1200, height: 800, maximized: false }, [display])).toEqual({ width: 1200, height: 800, maximized: false });
    expect(fitToDisplays({ x: 1900, y: 100, width: 1200, height: 800, maximized: false }, [display])).toEqual({ width: 1200, height: 800, maximized: false });
    expect(fitToDisplays({ x: 2000, y: 0, width: 1000, height: 700, maximized: false }, [display, { x: 1920, y: 0, width: 1280, height: 1024 }]))
      .toEqual({ x: 2000, y: 0, width: 1000, height: 700, maximized: false });
    expect(fitToDisplays({ width: 4000, height: 3000, maximized: false }, [display])).toEqual({ width: 1920, height: 1080, maximized: false });
  });

  it('saves shortly after a move or resize', async () => {
    vi.useFakeTimers();
    try {
      const file = tempFile();
      const window = Object.assign(new EventEmitter(), {
        getNormalBounds: () => ({ x: 1, y: 2, width: 900, height: 600 }), isMaximized: () => false, isDestroyed: () => false,
      });
      trackWindowState(window as never, file, 100);
      window.emit('resize');
      window.emit('move');
      vi.advanceTimersByTime(150);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 1, y: 2, width: 900, height: 600, maximized: false });
    } finally {
      vi.useRealTimers();
    }
  });
});
