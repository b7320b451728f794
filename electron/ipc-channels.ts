import type { EventName, RequestName } from '../engine/host/contract.js';

/**
 * Every IPC channel between main and the preload. The sandboxed preload cannot import this
 * file (it may only require `electron`), so it spells the same strings itself;
 * preload.test.ts proves the two agree.
 */
export const CHANNEL_PREFIX = 'layerloom:';

export const requestChannel = (name: RequestName): string => `${CHANNEL_PREFIX}request:${name}`;
export const eventChannel = (name: EventName): string => `${CHANNEL_PREFIX}event:${name}`;

export const channels = {
  menuCommand: `${CHANNEL_PREFIX}menu-command`,
  openFile: `${CHANNEL_PREFIX}open-file`,
  dialogOpenProject: `${CHANNEL_PREFIX}dialog:open-project`,
  dialogSaveProject: `${CHANNEL_PREFIX}dialog:save-project`,
  dialogChooseFolder: `${CHANNEL_PREFIX}dialog:choose-folder`,
  dialogChooseDatasetArchive: `${CHANNEL_PREFIX}dialog:choose-dataset-archive`,
  recoveryLoad: `${CHANNEL_PREFIX}recovery:load`,
  recoverySave: `${CHANNEL_PREFIX}recovery:save`,
  recoveryClear: `${CHANNEL_PREFIX}recovery:clear`,
  /** main → renderer: a question with an id; the preload answers on `rendererReply`. */
  rendererQuery: `${CHANNEL_PREFIX}renderer-query`,
  rendererReply: `${CHANNEL_PREFIX}renderer-reply`,
  nativeEdit: `${CHANNEL_PREFIX}native-edit`,
} as const;

/** What main may ask the renderer, and what each answer must be. */
export const RENDERER_QUERIES = ['isDirty', 'save'] as const;
export type RendererQuery = (typeof RENDERER_QUERIES)[number];

/** Editing commands that act on the focused text field rather than the graph. */
export const NATIVE_EDIT_ACTIONS = ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'] as const;
export type NativeEditAction = (typeof NATIVE_EDIT_ACTIONS)[number];

/** How a request travels back to the preload: a result, or the engine's error reply. */
export type RequestReply<T> = { ok: true; result: T } | { ok: false; error: { message: string; fix: string } };
