import { describe, expect, it, vi } from 'vitest';
import { events, requests } from '../engine/host/contract.js';
import { channels, eventChannel, requestChannel, NATIVE_EDIT_ACTIONS } from './ipc-channels.js';
import { menuCommands } from './menu-commands.js';
import type { IpcRendererLike } from './preload.cjs';
import { loadPreload } from './test-preload-loader.js';

const { exposed, module: preload } = loadPreload();
const { createLayerloomApi, EVENT_NAMES, REQUEST_NAMES, TEXT_EDITING, methodName, eventMethodName } = preload;

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeRenderer(reply: (channel: string, ...args: unknown[]) => unknown = () => ({ ok: true, result: null })) {
  const listeners = new Map<string, Set<Listener>>();
  const sent: Array<[string, ...unknown[]]> = [];
  const invoked: Array<[string, ...unknown[]]> = [];
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => { invoked.push([channel, ...args]); return reply(channel, ...args); },
    send: (channel, ...args) => { sent.push([channel, ...args]); },
    on: (channel, listener) => { (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(listener as Listener); },
    removeListener: (channel, listener) => { listeners.get(channel)?.delete(listener as Listener); },
  };
  const fromMain = (channel: string, ...args: unknown[]) => { for (const l of listeners.get(channel) ?? []) l({ senderId: 0, ports: [] }, ...args); };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, sent, invoked, fromMain, count };
}

describe('preload', () => {
  it('runs as Electron runs a sandboxed preload (CommonJS, requiring only electron) and exposes window.layerloom', () => {
    expect(Object.keys(exposed)).toEqual(['layerloom']);
    expect(exposed.layerloom).toMatchObject({ engine: expect.any(Object), dialogs: expect.any(Object), recovery: expect.any(Object), app: expect.any(Object) });
  });

  it('lists exactly the contract requests and events', () => {
    expect([...REQUEST_NAMES].sort()).toEqual(Object.keys(requests).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('gives every request and event a named method, and no generic send', () => {
    const api = createLayerloomApi(fakeRenderer().ipc, { platform: 'linux', textFieldFocused: () => false });
    const names = Object.keys(api.engine).sort();
    expect(names).toEqual([...REQUEST_NAMES.map(methodName), ...EVENT_NAMES.map(eventMethodName)].sort());
    expect(names).toContain('templatesList');
    expect(names).toContain('trainingStart');
    expect(names).toContain('onTrainingBatch');
    for (const forbidden of ['request', 'send', 'invoke', 'ipcRenderer', 'on']) {
      expect(api).not.toHaveProperty(forbidden);
      expect(api.engine).not.toHaveProperty(forbidden);
    }
  });

  it('sends each request on the channel main handles, and unwraps the reply', async () => {
    const renderer = fakeRenderer((channel) => (channel === requestChannel('templates.list') ? { ok: true, result: ['lenet'] } : { ok: true, result: null }));
    const api = createLayerloomApi(renderer.ipc, { platform: 'linux', textFieldFocused: () => false });
    await expect(api.engine.templatesList({})).resolves.toEqual(['lenet']);
    await api.engine.trainingStop({ runId: 'r1' });
    expect(renderer.invoked).toEqual([[requestChannel('templates.list'), {}], [requestChannel('training.stop'), { runId: 'r1' }]]);
  });

  it('rejects with the engine error reply, fix included', async () => {
    const renderer = fakeRenderer(() => ({ ok: false, error: { message: 'No data', fix: 'Download it' } }));
    const api = createLayerloomApi(renderer.ipc, { platform: 'linux', textFieldFocused: () => false });
    await expect(api.engine.datasetStatus({})).rejects.toEqual({ message: 'No data', fix: 'Download it' });
  });

  it('streams events to subscribers until they unsubscribe, without the Electron event', () => {
    const renderer = fakeRenderer();
    const api = createLayerloomApi(renderer.ipc, { platform: 'linux', textFieldFocused: () => false });
    const seen: unknown[] = [];
    const unsubscribe = api.engine.onTrainingBatch((payload) => seen.push(payload));
    renderer.fromMain(eventChannel('training.batch'), { runId: 'r1', batch: 1 });
    renderer.fromMain(eventChannel('training.batch'), { runId: 'r1', batch: 2 });
    unsubscribe();
    renderer.fromMain(eventChannel('training.batch'), { runId: 'r1', batch: 3 });
    expect(seen).toEqual([{ runId: 'r1', batch: 1 }, { runId: 'r1', batch: 2 }]);
    expect(renderer.count(eventChannel('training.batch'))).toBe(0);
  });

  it('knows the same text-editing commands as the menu, each with a native action main accepts', () => {
    const editing = Object.values(menuCommands('linux')).filter((command) => command.textEditing).map((command) => command.id);
    expect(Object.keys(TEXT_EDITING).sort()).toEqual(editing.sort());
    for (const action of Object.values(TEXT_EDITING)) expect(NATIVE_EDIT_ACTIONS).toContain(action);
  });

  it('delivers menu commands, but hands edit commands to Chromium while a text field has focus', () => {
    const renderer = fakeRenderer();
    let focused = false;
    const api = createLayerloomApi(renderer.ipc, { platform: 'linux', textFieldFocused: () => focused });
    const seen: string[] = [];
    const unsubscribe = api.onMenuCommand((id) => seen.push(id));
    renderer.fromMain(channels.menuCommand, 'edit.copy');
    renderer.fromMain(channels.menuCommand, 'train.start');
    focused = true;
    renderer.fromMain(channels.menuCommand, 'edit.copy');
    renderer.fromMain(channels.menuCommand, 'file.save');
    unsubscribe();
    renderer.fromMain(channels.menuCommand, 'file.new');
    expect(seen).toEqual(['edit.copy', 'train.start', 'file.save']);
    expect(renderer.sent).toEqual([[channels.nativeEdit, 'copy']]);
  });

  it('holds files to open until the page subscribes', () => {
    const renderer = fakeRenderer();
    const api = createLayerloomApi(renderer.ipc, { platform: 'linux', textFieldFocused: () => false });
    renderer.fromMain(channels.openFile, '/p/a.layerloom.json');
    const seen: string[] = [];
    api.onOpenFile((file) => seen.push(file));
    renderer.fromMain(channels.openFile, '/p/b.layerloom.json');
    expect(seen).toEqual(['/p/a.layerloom.json', '/p/b.layerloom.json']);
  });

  it('answers main\'s questions with the page\'s handlers', async () => {
    const renderer = fakeRenderer();
    const api = createLayerloomApi(renderer.ipc, { platform: 'darwin', textFieldFocused: () => false });
    expect(api.app.platform).toBe('darwin');
    renderer.fromMain(channels.rendererQuery, { id: 1, query: 'isDirty' });
    const stop = api.app.handleDirtyQuery(() => true);
    api.app.handleSaveRequest(async () => { throw new Error('disk full'); });
    renderer.fromMain(channels.rendererQuery, { id: 2, query: 'isDirty' });
    renderer.fromMain(channels.rendererQuery, { id: 3, query: 'save' });
    stop();
    renderer.fromMain(channels.rendererQuery, { id: 4, query: 'isDirty' });
    await vi.waitFor(() => expect(renderer.sent).toHaveLength(4));
    expect(Object.fromEntries(renderer.sent.map(([, reply]) => [(reply as { id: number }).id, (reply as { answer: boolean }).answer])))
      .toEqual({ 1: false, 2: true, 3: false, 4: false });
  });

  it('uses the dialog and recovery channels main handles', async () => {
    const renderer = fakeRenderer(() => null);
    const api = createLayerloomApi(renderer.ipc, { platform: 'linux', textFieldFocused: () => false });
    await api.dialogs.openProject();
    await api.dialogs.saveProject('lenet');
    await api.dialogs.chooseFolder('export', 'out');
    await api.dialogs.chooseDatasetArchive();
    await api.recovery.load();
    await api.recovery.save('{}');
    await api.recovery.clear();
    expect(renderer.invoked).toEqual([
      [channels.dialogOpenProject], [channels.dialogSaveProject, { suggestedPath: 'lenet' }],
      [channels.dialogChooseFolder, { purpose: 'export', suggestedPath: 'out' }], [channels.dialogChooseDatasetArchive],
      [channels.recoveryLoad], [channels.recoverySave, '{}'], [channels.recoveryClear],
    ]);
  });
});
