import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir, resolveCifar10Dir } from './cifar10-location.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'layerloom-location-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveCifar10Dir', () => {
  it('prefers the option, then the environment, then the cache', async () => {
    const cacheDir = path.join(root, 'cache');
    const env = { LAYERLOOM_CIFAR10_DIR: '/data/from-env' };
    expect(resolveCifar10Dir({ option: '/data/from-option', env, cacheDir })).toEqual({ dir: '/data/from-option', from: 'option' });
    expect(resolveCifar10Dir({ env, cacheDir })).toEqual({ dir: '/data/from-env', from: 'env' });
    expect(resolveCifar10Dir({ env: {}, cacheDir })).toBeNull();
    await mkdir(path.join(cacheDir, 'cifar-10-batches-bin'), { recursive: true });
    expect(resolveCifar10Dir({ env: {}, cacheDir })).toEqual({ dir: path.join(cacheDir, 'cifar-10-batches-bin'), from: 'cache' });
    expect(resolveCifar10Dir({ option: '', env: { LAYERLOOM_CIFAR10_DIR: ' ' }, cacheDir })?.from).toBe('cache');
  });

  it('returns explicit choices even when they do not exist, so loading can say why', () => {
    expect(resolveCifar10Dir({ option: path.join(root, 'nope'), env: {}, cacheDir: root })?.from).toBe('option');
  });

  it('finds the cache in the default data folder when no cacheDir is given', async () => {
    const dataDir = path.join(root, 'data-dir');
    await mkdir(path.join(dataDir, 'cifar-10-batches-bin'), { recursive: true });
    expect(resolveCifar10Dir({ env: { LAYERLOOM_DATA_DIR: dataDir } })?.dir).toBe(path.join(dataDir, 'cifar-10-batches-bin'));
  });
});

describe('defaultCacheDir', () => {
  it('follows each platform’s convention', () => {
    expect(defaultCacheDir({ env: {}, platform: 'linux', homeDir: '/home/ana' })).toBe('/home/ana/.local/share/layerloom');
    expect(defaultCacheDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'linux', homeDir: '/home/ana' })).toBe('/xdg/layerloom');
    expect(defaultCacheDir({ env: {}, platform: 'darwin', homeDir: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/layerloom',
    );
    expect(defaultCacheDir({ env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32', homeDir: 'C:\\Users\\ana' })).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\layerloom',
    );
  });

  it('is overridden by LAYERLOOM_DATA_DIR', () => {
    expect(defaultCacheDir({ env: { LAYERLOOM_DATA_DIR: '/srv/loom', XDG_DATA_HOME: '/xdg' }, platform: 'linux' })).toBe('/srv/loom');
  });
});
