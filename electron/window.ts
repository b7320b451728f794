import { BrowserWindow, type Rectangle } from 'electron';
import { fitToDisplays, loadWindowState, trackWindowState } from './window-state.js';

export interface MainWindowOptions {
  preloadPath: string;
  /** The app's entry page (layerloom://app/index.html). */
  entryUrl: string;
  /** Where the window's size and position are remembered. */
  stateFile: string;
  workAreas: readonly Rectangle[];
}

/**
 * The one app window: sandboxed, isolated, no Node, shown only once its first frame is ready
 * (no white flash), at the size and place it had last time.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = fitToDisplays(loadWindowState(options.stateFile), options.workAreas);
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Layerloom',
    webPreferences: {
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK -- the preload exposes only named, schema-checked methods (preload.cts)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would ask for a new window; the open handler denies it anyway, and no auxclick at all is simpler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, options.stateFile);
  void window.loadURL(options.entryUrl);
  return window;
}
