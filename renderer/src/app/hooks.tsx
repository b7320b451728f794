import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { GraphStore } from '../stores/graph-store.js';
import type { TrainingStore } from '../stores/training-store.js';
import type { UiStore } from '../stores/ui-store.js';
import { COMMANDS } from '../commands/commands.js';
import type { ConnectionState } from '../platform/platform.js';
import type { AppController } from './controller.js';

const ControllerContext = createContext<AppController | null>(null);

export function AppProvider({ controller, children }: { controller: AppController; children: ReactNode }) {
  return <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>;
}

export function useController(): AppController {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController needs an <AppProvider> above it.');
  return controller;
}

export function useGraph<T>(selector: (s: GraphStore) => T): T {
  return useStore(useController().graph, selector);
}

export function useTraining<T>(selector: (s: TrainingStore) => T): T {
  return useStore(useController().training, selector);
}

export function useUi<T>(selector: (s: UiStore) => T): T {
  return useStore(useController().ui, selector);
}

/**
 * Which commands are enabled now. Recomputed on any store change but only re-renders when the
 * answer changes, so toolbars stay cheap while nodes are dragged.
 */
export function useEnabledCommands(): ReadonlySet<string> {
  const controller = useController();
  const key = useSyncExternalStore(
    (onChange) => {
      const offs = [controller.graph.subscribe(onChange), controller.training.subscribe(onChange)];
      return () => { for (const off of offs) off(); };
    },
    () => COMMANDS.filter((c) => !c.enabled || c.enabled(controller)).map((c) => c.id).join(' '),
  );
  return useMemo(() => new Set(key.split(' ')), [key]);
}

/** The engine connection's state where the platform has one to lose (browser mode); else always open. */
export function useConnectionState(): ConnectionState {
  const monitor = useController().platform.connection;
  return useSyncExternalStore(
    (onChange) => monitor?.onStateChange(onChange) ?? (() => {}),
    () => monitor?.state ?? 'open',
  );
}
