// Runs kept on disk where the engine keeps its data (<cache>/runs/<id>/): run.json with the
// settings, curves and results, and checkpoint/ beside it. The app lists them after a restart
// and can resume one; run.json is replaced by a rename, so a crash never leaves half a file.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredRun } from './contract.js';
import { storedRunSchema } from './contract.js';

const RUN_FILE = 'run.json';

export class RunStore {
  constructor(readonly root: string) {}

  dir(id: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not a run id: ${id}`);
    return join(this.root, id);
  }

  checkpointDir(id: string): string {
    return join(this.dir(id), 'checkpoint');
  }

  async write(run: StoredRun): Promise<void> {
    const dir = this.dir(run.id);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `${RUN_FILE}.saving-${process.pid}`);
    await writeFile(temp, JSON.stringify(storedRunSchema.parse(run)));
    await rename(temp, join(dir, RUN_FILE));
  }

  async read(id: string): Promise<StoredRun | null> {
    try {
      const parsed = storedRunSchema.safeParse(JSON.parse(await readFile(join(this.dir(id), RUN_FILE), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * Every readable stored run, newest first. A run still marked running that this engine does not
   * hold was cut off (the app quit or crashed): it reads as interrupted, resumable from its checkpoint.
   */
  async list(live: ReadonlySet<string>): Promise<StoredRun[]> {
    if (!existsSync(this.root)) return [];
    const runs: StoredRun[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const run = await this.read(entry.name);
      if (!run) continue;
      const cut = run.status === 'running' && !live.has(run.id);
      runs.push({ ...run, ...(cut && { status: 'interrupted' as const }), resumable: this.resumable(run, cut) });
    }
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  resumable(run: StoredRun, cut = false): boolean {
    const ended = run.status === 'completed' || (run.status === 'running' && !cut);
    return !ended && run.history.length < run.training.epochs && existsSync(join(this.checkpointDir(run.id), 'checkpoint.json'));
  }

  async delete(id: string): Promise<boolean> {
    const dir = this.dir(id);
    if (!existsSync(dir)) return false;
    await rm(dir, { recursive: true, force: true });
    return true;
  }
}
