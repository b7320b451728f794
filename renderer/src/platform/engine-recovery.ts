import type { EngineApi } from '../../../engine/host/contract.js';
import type { RecoveryStore } from './platform.js';

/**
 * Browser mode keeps the recovery copy with the engine, in its data folder: the page's own
 * storage belongs to its origin, and each start of `npm run web` may get a new port.
 */
export function createEngineRecovery(engine: Pick<EngineApi, 'request'>): RecoveryStore {
  return {
    load: () => engine.request('recovery.load', {}),
    save: async (text) => { await engine.request('recovery.save', { text }); },
    clear: async () => { await engine.request('recovery.clear', {}); },
  };
}
