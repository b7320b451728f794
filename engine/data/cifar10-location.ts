import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BATCHES_FOLDER_NAME } from './cifar-layout.js';

export const CIFAR10_DIR_ENV = 'LAYERLOOM_CIFAR10_DIR';
export const DATA_DIR_ENV = 'LAYERLOOM_DATA_DIR';

type Env = Record<string, string | undefined>;

export interface DefaultCacheDirOptions {
  env?: Env;
  platform?: NodeJS.Platform;
  homeDir?: string;
}

/** An empty variable counts as unset: that is what `VAR= cmd` in a shell means to people. */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The per-user data folder, where the downloaded dataset and other app data live. */
export function defaultCacheDir(options: DefaultCacheDirOptions = {}): string {
  const { env = process.env, platform = process.platform, homeDir = os.homedir() } = options;
  const override = envValue(env, DATA_DIR_ENV);
  if (override) return path.resolve(override);
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  if (platform === 'win32') {
    return join(envValue(env, 'APPDATA') ?? join(homeDir, 'AppData', 'Roaming'), 'layerloom');
  }
  if (platform === 'darwin') return join(homeDir, 'Library', 'Application Support', 'layerloom');
  return join(envValue(env, 'XDG_DATA_HOME') ?? join(homeDir, '.local', 'share'), 'layerloom');
}

export interface ResolveCifar10DirOptions {
  /** The app setting or command-line flag: the user's explicit choice wins. */
  option?: string;
  env?: Env;
  cacheDir?: string;
}

export interface ResolvedCifar10Dir {
  dir: string;
  from: 'option' | 'env' | 'cache';
}

/**
 * Where to load CIFAR-10 from, or null when nothing is configured or downloaded yet (the
 * app then offers download/import). Explicit choices are returned without checking they
 * exist, so loading reports the precise problem instead of silently falling back.
 */
export function resolveCifar10Dir(options: ResolveCifar10DirOptions = {}): ResolvedCifar10Dir | null {
  const env = options.env ?? process.env;
  if (options.option !== undefined && options.option.trim() !== '') {
    return { dir: path.resolve(options.option), from: 'option' };
  }
  const fromEnv = envValue(env, CIFAR10_DIR_ENV);
  if (fromEnv) return { dir: path.resolve(fromEnv), from: 'env' };
  const cached = path.join(options.cacheDir ?? defaultCacheDir({ env }), BATCHES_FOLDER_NAME);
  return isDirectory(cached) ? { dir: cached, from: 'cache' } : null;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
