import type { TrainingSession } from '../train/session.js';

export interface RunRecord {
  id: string;
  session: TrainingSession;
  classNames: string[];
  testAcc: number | null;
  /** Set for image-folder runs: the Input size with the fit, and the preprocessing in words, for exports and predictions. */
  input?: { height: number; width: number; channels: number; fit: 'crop' | 'pad' };
  preprocessing?: string;
}

/** Finished runs stay exportable; only the most recent few keep their weights in memory. */
export class RunRegistry {
  private readonly runs = new Map<string, RunRecord>();
  private counter = 0;

  constructor(private readonly keep = 5) {}

  /** A new id for a run about to start. */
  nextId(): string {
    return `run-${Date.now().toString(36)}-${++this.counter}`;
  }

  add(session: TrainingSession, classNames: string[], id = this.nextId()): RunRecord {
    this.runs.get(id)?.session.dispose();
    this.runs.delete(id);
    const record: RunRecord = { id, session, classNames, testAcc: null };
    this.runs.set(record.id, record);
    for (const [id, old] of this.runs) {
      if (this.runs.size <= this.keep) break;
      if (old.session.state === 'running' || old.session.state === 'paused') continue;
      old.session.dispose();
      this.runs.delete(id);
    }
    return record;
  }

  get(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }

  ids(): Set<string> {
    return new Set(this.runs.keys());
  }

  active(): RunRecord | undefined {
    return [...this.runs.values()].find((r) => ['running', 'paused', 'stopping', 'idle'].includes(r.session.state));
  }

  /** Stops what runs and frees what does not; a stopping run frees its model when its loop ends. */
  disposeAll(): void {
    for (const r of this.runs.values()) {
      if (r.session.state === 'running' || r.session.state === 'paused') r.session.stop();
      else if (r.session.state !== 'stopping') r.session.dispose();
    }
    this.runs.clear();
  }
}
