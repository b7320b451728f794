import type { EngineApi, EventName, RequestName } from '../../../engine/host/contract.js';
import { menuCommands } from '../../../electron/menu-commands.js';
import type { LayerloomPreloadApi } from '../../../electron/preload-api.js';
import type { Platform } from './platform.js';
import { EngineError } from './platform.js';

declare global {
  interface Window {
    /** Put there by Electron's preload; absent in browser mode. */
    layerloom?: LayerloomPreloadApi;
  }
}

// The preload names one method per request and event: `templates.list` → `templatesList`,
// `training.batch` → `onTrainingBatch` (electron/preload-api.ts).
const methodName = (name: string) => name.replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase());
const eventMethodName = (name: string) => { const m = methodName(name); return `on${m.charAt(0).toUpperCase()}${m.slice(1)}`; };

/** The preload's named methods seen as the one EngineApi the app talks to. */
export function engineFromBridge(bridge: LayerloomPreloadApi['engine']): EngineApi {
  const methods = bridge as unknown as Record<string, (arg: unknown) => Promise<unknown>>;
  const events = bridge as unknown as Record<string, (listener: (payload: unknown) => void) => () => void>;
  return {
    request: (async (name: RequestName, arg: unknown) => {
      const method = methods[methodName(name)];
      if (!method) throw new EngineError(`The desktop bridge has no '${name}' request.`, 'Reinstall Layerloom: its window and engine are out of step.');
      try {
        return await method(arg);
      } catch (reply) {
        const { message, fix } = reply as { message?: unknown; fix?: unknown };
        throw new EngineError(typeof message === 'string' ? message : String(reply), typeof fix === 'string' ? fix : '');
      }
    }) as EngineApi['request'],
    subscribe: ((name: EventName, listener: (payload: unknown) => void) => {
      const on = events[eventMethodName(name)];
      return on ? on(listener) : () => {};
    }) as EngineApi['subscribe'],
  };
}

export function createElectronPlatform(bridge: LayerloomPreloadApi): Platform {
  const native = Object.values(menuCommands(bridge.app.platform));
  return {
    engine: engineFromBridge(bridge.engine),
    label: 'Desktop',
    isMac: bridge.app.platform === 'darwin',
    recovery: bridge.recovery,
    dialogs: bridge.dialogs,
    nativeDialogs: true,
    nativeMenu: true,
    nativeKeys: new Set(native.filter((c) => c.accelerator && !c.acceleratorShownOnly).map((c) => c.id)),
    connect(hooks) {
      const offs = [
        bridge.onMenuCommand((id) => hooks.runCommand(id)),
        bridge.onOpenFile((path) => hooks.openPath(path)),
        bridge.app.handleDirtyQuery(() => hooks.isDirty()),
        bridge.app.handleSaveRequest(() => hooks.save()),
      ];
      return () => { for (const off of offs) off(); };
    },
  };
}
