import { createStore } from 'zustand/vanilla';
import type { PathPromptRequest } from '../platform/page-dialogs.js';

export type Dialog = 'templates' | 'export' | 'shortcuts' | null;
export type SidePanel = 'inspector' | 'training';

export interface Notice {
  id: number;
  tone: 'info' | 'success' | 'error';
  message: string;
  fix?: string;
}

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
}

export interface UiState {
  dialog: Dialog;
  sidePanel: SidePanel;
  dashboardOpen: boolean;
  pathPrompt: (PathPromptRequest & { resolve(value: string | null): void }) | null;
  confirm: (ConfirmRequest & { resolve(ok: boolean): void }) | null;
  notices: Notice[];
  /** Set when unsaved work from a previous session was found at start. */
  recovery: { text: string } | null;
  paletteFocusRequest: number;
}

export interface UiActions {
  openDialog(dialog: Dialog): void;
  setSidePanel(panel: SidePanel): void;
  setDashboardOpen(open: boolean): void;
  promptPath(request: PathPromptRequest): Promise<string | null>;
  answerPath(value: string | null): void;
  askConfirm(request: ConfirmRequest): Promise<boolean>;
  answerConfirm(ok: boolean): void;
  notify(notice: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
  setRecovery(recovery: { text: string } | null): void;
  focusPalette(): void;
}

export type UiStore = UiState & UiActions;
export type UiStoreApi = ReturnType<typeof createUiStore>;

export function createUiStore() {
  let noticeId = 0;
  return createStore<UiStore>()((set, get) => ({
    dialog: null, sidePanel: 'inspector', dashboardOpen: false, pathPrompt: null, confirm: null, notices: [], recovery: null, paletteFocusRequest: 0,

    openDialog: (dialog) => set({ dialog }),
    setSidePanel: (sidePanel) => set({ sidePanel }),
    setDashboardOpen: (dashboardOpen) => set({ dashboardOpen }),
    promptPath: (request) => new Promise((resolve) => {
      get().pathPrompt?.resolve(null);
      set({ pathPrompt: { ...request, resolve } });
    }),
    answerPath: (value) => {
      get().pathPrompt?.resolve(value);
      set({ pathPrompt: null });
    },
    askConfirm: (request) => new Promise((resolve) => {
      get().confirm?.resolve(false);
      set({ confirm: { ...request, resolve } });
    }),
    answerConfirm: (ok) => {
      get().confirm?.resolve(ok);
      set({ confirm: null });
    },
    notify: (notice) => set((s) => ({ notices: [...s.notices.slice(-3), { ...notice, id: ++noticeId }] })),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    setRecovery: (recovery) => set({ recovery }),
    focusPalette: () => set((s) => ({ paletteFocusRequest: s.paletteFocusRequest + 1 })),
  }));
}
