import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';
import { z } from 'zod';

/** Size and place of the main window, remembered between runs in the app's data folder. */
const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 860, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    return windowStateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(state));
  } catch (error) {
    console.warn(`Could not remember the window size: ${(error as Error).message}`);
  }
}

const MIN_VISIBLE = 80;

/**
 * Keeps a remembered position only if enough of the window would land on a connected display
 * (a monitor may have been unplugged); otherwise the window opens centred. Never larger than
 * the biggest display.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const widest = Math.max(...workAreas.map((area) => area.width), 800);
  const tallest = Math.max(...workAreas.map((area) => area.height), 600);
  const width = Math.min(state.width, widest);
  const height = Math.min(state.height, tallest);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return fitted;
  const { x, y } = state;
  const visible = workAreas.some((area) =>
    Math.min(x + width, area.x + area.width) - Math.max(x, area.x) >= MIN_VISIBLE &&
    Math.min(y + height, area.y + area.height) - Math.max(y, area.y) >= MIN_VISIBLE);
  return visible ? { ...fitted, x, y } : fitted;
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

/** Saves the window's state shortly after it moves or resizes, and when it closes. */
export function trackWindowState(window: TrackedWindow, file: string, delayMs = 500): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    saveWindowState(file, { x, y, width, height, maximized: window.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', later);
  window.on('close', save);
}
