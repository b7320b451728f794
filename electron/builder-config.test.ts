import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const configFile = new URL('../electron-builder.yml', import.meta.url);
interface Target { target: string; arch: string[] }
interface BuilderConfig {
  appId: string; productName: string; extraMetadata: { main: string }; files: string[]; asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  win: { icon: string; target: Target[] }; mac: { icon: string; target: Target[] }; linux: { icon: string; target: Target[] };
}
const config = yaml.load(readFileSync(configFile, 'utf8')) as BuilderConfig;

describe('electron-builder config', () => {
  it('passes electron-builder\'s own schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds NSIS, dmg for x64 and arm64, AppImage and deb', () => {
    expect(config).toMatchObject({ appId: 'dev.layerloom.app', productName: 'Layerloom', extraMetadata: { main: 'dist/electron/main.js' } });
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    for (const os of ['win', 'mac', 'linux'] as const) expect(existsSync(new URL(`../${config[os].icon}`, import.meta.url))).toBe(true);
  });

  it('ships the built app and templates, and unpacks native TF.js, our native kernels and the wasm binaries', () => {
    for (const entry of ['package.json', 'dist/engine/**', 'dist/native/*.node', 'dist/electron/**', 'dist-renderer/**', 'templates/**']) {
      expect(config.files).toContain(entry);
    }
    expect(config.asarUnpack).toEqual(expect.arrayContaining([
      'node_modules/@tensorflow/tfjs-node/**', 'node_modules/@tensorflow/tfjs-node-gpu/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
      'dist/native/*.node',
    ]));
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });
});
