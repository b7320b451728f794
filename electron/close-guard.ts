import type { App, BrowserWindow, Dialog } from 'electron';
import type { RendererQuery } from './ipc-channels.js';

export type CloseChoice = 'save' | 'discard' | 'cancel';

export interface CloseGuardOptions {
  ask(query: RendererQuery, timeoutMs: number, fallback: boolean): Promise<boolean>;
  confirm(): Promise<CloseChoice>;
  /** The window is closing with nothing left unsaved (saved, clean, or changes discarded). */
  onCleanClose(): void;
}

/** How long the page gets to say whether it has unsaved changes, and to finish saving. */
export const DIRTY_QUERY_TIMEOUT_MS = 2_000;
export const SAVE_TIMEOUT_MS = 10 * 60_000;

type GuardedWindow = Pick<BrowserWindow, 'on' | 'close' | 'isDestroyed'>;

/**
 * Asks before a window with unsaved changes closes (window close, Cmd+Q, Exit): Save,
 * Don't Save or Cancel. A quit that was held up for the question continues once answered.
 */
export function enableCloseGuard(app: Pick<App, 'on' | 'quit'>, window: GuardedWindow, options: CloseGuardOptions): void {
  let allowed = false;
  let deciding = false;
  let quitting = false;
  app.on('before-quit', () => { quitting = true; });

  window.on('close', (event) => {
    if (allowed) return;
    event.preventDefault();
    if (deciding) return;
    deciding = true;
    void shouldClose(options).then((close) => {
      deciding = false;
      if (!close) {
        quitting = false;
        return;
      }
      allowed = true;
      options.onCleanClose();
      if (!window.isDestroyed()) window.close();
      if (quitting) app.quit();
    });
  });
}

async function shouldClose(options: CloseGuardOptions): Promise<boolean> {
  const dirty = await options.ask('isDirty', DIRTY_QUERY_TIMEOUT_MS, false);
  if (!dirty) return true;
  const choice = await options.confirm();
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  return options.ask('save', SAVE_TIMEOUT_MS, false);
}

/** The native Save / Don't Save / Cancel box. */
export async function confirmUnsavedChanges(dialog: Pick<Dialog, 'showMessageBox'>, window: BrowserWindow): Promise<CloseChoice> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
    message: 'Do you want to save the changes to your project?',
    detail: "Your changes will be lost if you don't save them.",
  });
  return (['save', 'discard', 'cancel'] as const)[response] ?? 'cancel';
}
