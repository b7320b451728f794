import type { Project } from '../../../engine/project/schema.js';
import { readProject } from '../../../engine/project/load.js';
import type { RecoveryStore } from '../platform/platform.js';
import type { GraphStoreApi } from '../stores/graph-store.js';
import { isDirty, projectOf } from '../stores/graph-store.js';

/** What the recovery copy holds: the unsaved project and where it was last saved, if anywhere. */
export interface RecoveryRecord { savedAt: string; path: string | null; project: Project }

export function parseRecovery(text: string): RecoveryRecord | null {
  try {
    const raw = JSON.parse(text) as { savedAt?: unknown; path?: unknown; project?: unknown };
    return {
      savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : '',
      path: typeof raw.path === 'string' ? raw.path : null,
      project: readProject(raw.project, 'recovery copy'),
    };
  } catch {
    return null;
  }
}

/**
 * Keeps a recovery copy of unsaved work, written a moment after the last edit so typing does not
 * hammer the disk, and removed once the project is saved or discarded.
 */
export function startAutosave(graph: GraphStoreApi, recovery: RecoveryStore, delayMs = 800): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastKey = '';
  const flush = () => {
    timer = null;
    const s = graph.getState();
    if (!isDirty(s)) { void recovery.clear(); return; }
    const record: RecoveryRecord = { savedAt: new Date().toISOString(), path: s.path, project: projectOf(s) };
    void recovery.save(JSON.stringify(record));
  };
  const unsubscribe = graph.subscribe((s) => {
    const key = `${s.revision}|${s.name}|${JSON.stringify(s.training)}|${s.saved.revision}`;
    if (key === lastKey) return;
    lastKey = key;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
