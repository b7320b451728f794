import type { RecoveryStore } from './platform.js';

/** Browser mode keeps the recovery copy in localStorage; Electron provides a file instead. */
export function createLocalRecovery(storage: Storage, key = 'layerloom.recovery'): RecoveryStore {
  return {
    load: async () => storage.getItem(key),
    save: async (text) => { storage.setItem(key, text); },
    clear: async () => { storage.removeItem(key); },
  };
}
