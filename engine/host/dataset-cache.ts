import type { CifarDataset } from '../data/index.js';
import { loadCifar10 } from '../data/index.js';

/** Keeps the last loaded dataset: status checks, samples and every run share one 180 MB copy. */
export class DatasetCache {
  private entry: { dir: string; data: Promise<CifarDataset> } | null = null;

  load(dir: string): Promise<CifarDataset> {
    if (this.entry?.dir !== dir) {
      const data = loadCifar10(dir);
      this.entry = { dir, data };
      // A failed load is not kept: the user may fix the folder and try again.
      data.catch(() => { if (this.entry?.data === data) this.entry = null; });
    }
    return this.entry.data;
  }

  /** The dataset if it is already loaded (or loading), without starting a load. */
  current(): Promise<CifarDataset> | null {
    return this.entry?.data ?? null;
  }
}
