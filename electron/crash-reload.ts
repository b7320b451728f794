import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';

/**
 * If the page's process dies, reload it (its autosave is then offered back) rather than leave a
 * blank window; give up after a few crashes in a row so a page that crashes on load cannot spin.
 */
export function enableCrashReload(window: Pick<BrowserWindow, 'webContents' | 'isDestroyed'>, maxReloads = 3, log: (line: string) => void = (line) => console.warn(line)): void {
  let reloads = 0;
  window.webContents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    log(`The window's page stopped (${details.reason}, exit code ${details.exitCode}).`);
    if (reloads >= maxReloads) return;
    reloads += 1;
    window.webContents.reload();
  });
  window.webContents.on('did-finish-load', () => {
    // A page that loads and then lives a minute is healthy again.
    setTimeout(() => { reloads = 0; }, 60_000).unref();
  });
}
