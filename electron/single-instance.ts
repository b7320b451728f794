import { existsSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';

/**
 * One Layerloom at a time: a second launch hands its command line to the first (which focuses
 * its window and opens any project passed) and quits. Returns false in the second instance.
 */
export function enableSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, onSecondInstance: (argv: string[], workingDirectory: string) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, workingDirectory) => onSecondInstance(argv, workingDirectory));
  return true;
}

/** The project file named on a command line, if any (Windows and Linux pass files this way). */
export function projectFromArgv(argv: readonly string[], workingDirectory: string, exists: (file: string) => boolean = existsSync): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith('.json')) continue;
    const file = path.resolve(workingDirectory, arg);
    if (exists(file)) return file;
  }
  return null;
}
