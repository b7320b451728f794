/**
 * The shape of `window.layerloom`, as the preload exposes it. Types only: the renderer
 * imports this file for its adapter to `EngineApi`, so it must not pull in Electron or Node.
 *
 * Naming rules (the preload generates these from the contract):
 * - request `templates.list` → `engine.templatesList(arg)`, resolving to the result or
 *   rejecting with `{ message, fix }` (an `ErrorReply`, copied across the bridge as a plain
 *   object, so `fix` survives; an `Error` would lose it);
 * - event `training.batch` → `engine.onTrainingBatch(listener)`, returning an unsubscribe.
 */
import type {
  ErrorReply, EventName, EventPayload, RequestArg, RequestName, RequestResult,
} from '../engine/host/contract.js';
import type { MenuCommandId } from './menu-commands.js';

export type Unsubscribe = () => void;

/** `templates.list` → `templatesList`, `engine.info` → `engineInfo`. */
export type RequestMethodName<N extends string> = N extends `${infer Head}.${infer Tail}`
  ? `${Head}${Capitalize<RequestMethodName<Tail>>}`
  : N;

/** `training.batch` → `onTrainingBatch`. */
export type EventMethodName<N extends string> = `on${Capitalize<RequestMethodName<N>>}`;

export type EngineBridge = {
  [N in RequestName as RequestMethodName<N>]: (arg: RequestArg<N>) => Promise<RequestResult<N>>;
} & {
  [N in EventName as EventMethodName<N>]: (listener: (payload: EventPayload<N>) => void) => Unsubscribe;
};

/** Native file pickers; each resolves to a path, or null when the user cancels. */
export interface DialogsBridge {
  openProject(): Promise<string | null>;
  /** `suggestedPath` may be a bare file name; `.layerloom.json` is added when missing. */
  saveProject(suggestedPath: string): Promise<string | null>;
  chooseFolder(purpose: 'export' | 'dataset' | 'images', suggestedPath: string): Promise<string | null>;
  chooseDatasetArchive(): Promise<string | null>;
}

/**
 * The autosave file in the app's data folder. `load()` returns the text left by a session that
 * did not close cleanly (crash, killed, renderer crash), else null; closing through the
 * unsaved-changes prompt removes it.
 */
export interface RecoveryBridge {
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
  clear(): Promise<void>;
}

export interface AppBridge {
  /** `process.platform` of the desktop: 'darwin' | 'win32' | 'linux'. */
  readonly platform: string;
  /**
   * Main asks before the window closes. Answer whether there are unsaved changes; no handler
   * (or no answer within 2 s) counts as clean.
   */
  handleDirtyQuery(handler: () => boolean | Promise<boolean>): Unsubscribe;
  /** After the user picks Save in the close prompt: save, and resolve true once saved (false if cancelled). */
  handleSaveRequest(handler: () => Promise<boolean>): Unsubscribe;
}

export interface LayerloomPreloadApi {
  engine: EngineBridge;
  dialogs: DialogsBridge;
  recovery: RecoveryBridge;
  app: AppBridge;
  /**
   * Native menu picks and their shortcuts. Edit commands (undo, redo, cut, copy, paste, delete,
   * select all) are not delivered while a text field has focus: Chromium handles them there.
   */
  onMenuCommand(listener: (commandId: MenuCommandId) => void): Unsubscribe;
  /** A project to open: from File › Open Recent, the OS (double-click, dock), or a second launch. */
  onOpenFile(listener: (path: string) => void): Unsubscribe;
}

export type { ErrorReply, MenuCommandId };
