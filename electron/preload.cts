// The bridge between the sandboxed page and main: named methods only, no ipcRenderer, no
// generic send. Sandboxed preloads are CommonJS and may require nothing but `electron`, so
// this file stands alone: the channel names and contract keys below are spelled out here and
// checked against ipc-channels.ts and the contract by the compiler (keys) and preload.test.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, RequestName } from '../engine/host/contract.js';
import type { MenuCommandId } from './menu-commands.js';
import type { NativeEditAction, RendererQuery, RequestReply } from './ipc-channels.js';
import type { EngineBridge, LayerloomPreloadApi, Unsubscribe } from './preload-api.js';

const PREFIX = 'layerloom:';

export const REQUEST_NAMES = [
  'engine.info', 'templates.list', 'project.validate', 'project.read', 'project.write',
  'recovery.load', 'recovery.save', 'recovery.clear',
  'dataset.status', 'dataset.download', 'dataset.import', 'dataset.importFolder', 'dataset.samples',
  'training.start', 'training.pause', 'training.resume', 'training.stop', 'model.predict', 'model.export', 'runs.list', 'runs.delete',
] as const satisfies readonly RequestName[];

export const EVENT_NAMES = [
  'training.state', 'training.batch', 'training.epoch', 'training.end', 'training.error', 'training.backend', 'dataset.progress', 'dataset.importProgress',
] as const satisfies readonly EventName[];

// A request or event added to the contract and not listed above fails to compile here.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const allRequestsListed: Missing<RequestName, (typeof REQUEST_NAMES)[number]> = true;
const allEventsListed: Missing<EventName, (typeof EVENT_NAMES)[number]> = true;
void allRequestsListed;
void allEventsListed;

/** Edit commands that belong to a focused text field rather than the graph. */
export const TEXT_EDITING: Partial<Record<MenuCommandId, NativeEditAction>> = {
  'edit.undo': 'undo', 'edit.redo': 'redo', 'edit.cut': 'cut', 'edit.copy': 'copy',
  'edit.paste': 'paste', 'edit.delete': 'delete', 'edit.selectAll': 'selectAll',
};

/** The part of ipcRenderer this file uses, so tests can hand in a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

export interface PreloadEnvironment {
  platform: string;
  /** Whether keyboard focus is in a text field, where edit commands are Chromium's to perform. */
  textFieldFocused(): boolean;
}

export const methodName = (name: string): string => name.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase());
export const eventMethodName = (name: string): string => {
  const method = methodName(name);
  return `on${method.charAt(0).toUpperCase()}${method.slice(1)}`;
};

export function createLayerloomApi(ipc: IpcRendererLike, environment: PreloadEnvironment): LayerloomPreloadApi {
  function subscribe<T>(channel: string, listener: (payload: T) => void): Unsubscribe {
    // The Electron event never reaches the page: it carries the sender and ports.
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload as T);
    ipc.on(channel, handler);
    return () => { ipc.removeListener(channel, handler); };
  }

  async function request(name: RequestName, arg: unknown): Promise<unknown> {
    const reply = await ipc.invoke(`${PREFIX}request:${name}`, arg) as RequestReply<unknown>;
    if (reply.ok) return reply.result;
    // A plain { message, fix } crosses the context bridge whole; an Error would lose `fix`.
    return Promise.reject({ message: String(reply.error.message), fix: String(reply.error.fix) });
  }

  const engine: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) engine[methodName(name)] = (arg: unknown) => request(name, arg ?? {});
  for (const name of EVENT_NAMES) {
    engine[eventMethodName(name)] = (listener: (payload: unknown) => void) => subscribe(`${PREFIX}event:${name}`, listener);
  }

  const menuListeners = new Set<(commandId: MenuCommandId) => void>();
  ipc.on(`${PREFIX}menu-command`, (_event, commandId) => {
    const nativeAction = TEXT_EDITING[commandId as MenuCommandId];
    if (nativeAction && environment.textFieldFocused()) {
      ipc.send(`${PREFIX}native-edit`, nativeAction);
      return;
    }
    for (const listener of menuListeners) listener(commandId as MenuCommandId);
  });

  // Files to open can arrive before the page has subscribed (a project double-clicked to start
  // the app): hold them until the first listener comes.
  const fileListeners = new Set<(path: string) => void>();
  const heldFiles: string[] = [];
  ipc.on(`${PREFIX}open-file`, (_event, file) => {
    if (typeof file !== 'string') return;
    if (fileListeners.size === 0) heldFiles.push(file);
    for (const listener of fileListeners) listener(file);
  });

  const queryHandlers: Partial<Record<RendererQuery, () => unknown>> = {};
  ipc.on(`${PREFIX}renderer-query`, (_event, message) => {
    const { id, query } = message as { id: number; query: RendererQuery };
    const handler = queryHandlers[query];
    const reply = (answer: boolean) => ipc.send(`${PREFIX}renderer-reply`, { id, answer });
    if (!handler) { reply(false); return; }
    // A failing dirty check counts as dirty: asking once too often beats losing work.
    Promise.resolve().then(handler).then((answer) => reply(answer === true), () => reply(query === 'isDirty'));
  });
  const handle = (query: RendererQuery, handler: () => unknown): Unsubscribe => {
    queryHandlers[query] = handler;
    return () => { if (queryHandlers[query] === handler) delete queryHandlers[query]; };
  };

  return {
    engine: engine as EngineBridge,
    dialogs: {
      openProject: () => ipc.invoke(`${PREFIX}dialog:open-project`) as Promise<string | null>,
      saveProject: (suggestedPath) => ipc.invoke(`${PREFIX}dialog:save-project`, { suggestedPath }) as Promise<string | null>,
      chooseFolder: (purpose, suggestedPath) => ipc.invoke(`${PREFIX}dialog:choose-folder`, { purpose, suggestedPath }) as Promise<string | null>,
      chooseDatasetArchive: () => ipc.invoke(`${PREFIX}dialog:choose-dataset-archive`) as Promise<string | null>,
    },
    recovery: {
      load: () => ipc.invoke(`${PREFIX}recovery:load`) as Promise<string | null>,
      save: async (text) => { await ipc.invoke(`${PREFIX}recovery:save`, text); },
      clear: async () => { await ipc.invoke(`${PREFIX}recovery:clear`); },
    },
    app: {
      platform: environment.platform,
      handleDirtyQuery: (handler) => handle('isDirty', handler),
      handleSaveRequest: (handler) => handle('save', handler),
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => { menuListeners.delete(listener); };
    },
    onOpenFile(listener) {
      fileListeners.add(listener);
      for (const file of heldFiles.splice(0)) listener(file);
      return () => { fileListeners.delete(listener); };
    },
  };
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit']);

interface FocusedElement { tagName?: string; type?: string; isContentEditable?: boolean }
declare const document: { activeElement: FocusedElement | null } | undefined;

function textFieldFocused(): boolean {
  const element = typeof document === 'undefined' ? null : document.activeElement;
  if (!element) return false;
  if (element.isContentEditable || element.tagName === 'TEXTAREA') return true;
  return element.tagName === 'INPUT' && !NON_TEXT_INPUTS.has(String(element.type ?? 'text').toLowerCase());
}

// `contextBridge` is absent when tests load this file with a fake `electron`.
if (typeof contextBridge?.exposeInMainWorld === 'function') {
  contextBridge.exposeInMainWorld('layerloom', createLayerloomApi(ipcRenderer, { platform: process.platform, textFieldFocused }));
}
