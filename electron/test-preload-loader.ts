// Loads preload.cts the way Electron loads a sandboxed preload: compiled to CommonJS and run
// in a function whose `require` knows only `electron` (here a fake), so a test fails if the
// preload ever reaches for another module.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';

type PreloadModule = typeof import('./preload.cjs');

export function loadPreload(platform = 'linux'): { module: PreloadModule; exposed: Record<string, unknown> } {
  const source = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const exposed: Record<string, unknown> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed[key] = api; } },
    ipcRenderer: { invoke: async () => ({ ok: true, result: null }), send: () => undefined, on: () => undefined, removeListener: () => undefined },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`A sandboxed preload cannot require '${name}'`);
  };
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = runInNewContext(`(function (require, module, exports, process) {${outputText}\n})`, { Promise, Set, Map, Object, String, Array });
  (wrapper as (...args: unknown[]) => void)(sandboxRequire, module, module.exports, { platform });
  return { module: module.exports as unknown as PreloadModule, exposed };
}
