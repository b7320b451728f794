import { ENGINE_SOCKET_PATH } from '../../../engine/host/ws-messages.js';
import { createEngineRecovery } from './engine-recovery.js';
import type { PathPromptRequest } from './page-dialogs.js';
import { createPageDialogs } from './page-dialogs.js';
import type { Platform } from './platform.js';
import { createWsEngine } from './ws-engine.js';

/** Browser mode: the page was opened from `npm run web`'s URL, whose token unlocks the engine socket. */
export function createBrowserPlatform(window: Window, promptPath: (r: PathPromptRequest) => Promise<string | null>): Platform {
  const { location } = window;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const engine = createWsEngine({ url: `${scheme}://${location.host}${ENGINE_SOCKET_PATH}?token=${encodeURIComponent(token)}`, token });
  return {
    engine,
    label: `Browser · ${location.host}`,
    isMac: /Mac|iPhone|iPad/.test(window.navigator.platform),
    recovery: createEngineRecovery(engine),
    dialogs: createPageDialogs(promptPath),
    connection: engine,
    connect(hooks) {
      // The tab's own "leave site?" prompt stands in for the desktop's unsaved-changes dialog.
      const beforeUnload = (event: BeforeUnloadEvent) => { if (hooks.isDirty()) event.preventDefault(); };
      window.addEventListener('beforeunload', beforeUnload);
      return () => window.removeEventListener('beforeunload', beforeUnload);
    },
  };
}
