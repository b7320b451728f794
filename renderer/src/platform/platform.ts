import type { EngineApi } from '../../../engine/host/contract.js';

/**
 * Everything the renderer needs from whatever hosts it. Browser mode and Electron each make
 * one; the app never asks which it has.
 */
export interface Platform {
  engine: EngineApi;
  /** Shown in the status bar, e.g. "Browser · 127.0.0.1:5173". */
  label: string;
  isMac: boolean;
  recovery: RecoveryStore;
  dialogs: FileDialogs;
  /** True where dialogs can browse the disk; browser mode types paths instead. */
  nativeDialogs?: boolean;
  /** True where a native menu shows the commands, so the page hides its own menu bar. */
  nativeMenu?: boolean;
  /** Commands whose keys the native menu already catches; the page leaves those keys alone. */
  nativeKeys?: ReadonlySet<string>;
  connection?: ConnectionMonitor;
  /** Wires the host's events (menu picks, files opened from the OS, close prompts) to the app; returns the undo. */
  connect?(hooks: HostHooks): () => void;
}

/** What a host may ask of the app. */
export interface HostHooks {
  runCommand(id: string): void;
  openPath(path: string): void;
  isDirty(): boolean;
  /** Saves (asking for a path if needed); resolves false when the user cancels. */
  save(): Promise<boolean>;
}

/** Unsaved work kept aside so a crash or a closed tab loses nothing. */
export interface RecoveryStore {
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
  clear(): Promise<void>;
}

/** File pickers. Each resolves to a path the engine can read or write, or null when cancelled. */
export interface FileDialogs {
  openProject(): Promise<string | null>;
  saveProject(suggestedPath: string): Promise<string | null>;
  /** 'dataset': a CIFAR-10 folder; 'images': a folder with one subfolder per class. */
  chooseFolder(purpose: 'export' | 'dataset' | 'images', suggestedPath: string): Promise<string | null>;
  chooseDatasetArchive(): Promise<string | null>;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** A failed request: the message says what went wrong, `fix` what the user can do. */
export class EngineError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'EngineError';
  }
}
