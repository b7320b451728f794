import type { CifarDataset } from '../data/index.js';
import { loadCifar10 } from '../data/index.js';

/** Keeps the last loaded dataset: status checks, samples and every run share one copy (180 MB for CIFAR-10). */
export class DatasetCache {
  private entry: { key: string; data: Promise<CifarDataset> } | null = null;

  /** A CIFAR-10 folder. */
  load(dir: string): Promise<CifarDataset> {
    return this.loadWith(`cifar10:${dir}`, () => loadCifar10(dir));
  }

  /** Any dataset under a key that says what and how (an image folder's key includes its size and fit). */
  loadWith(key: string, load: () => Promise<CifarDataset>): Promise<CifarDataset> {
    if (this.entry?.key !== key) {
      const data = load();
      this.entry = { key, data };
      // A failed load is not kept: the user may fix the folder and try again.
      data.catch(() => { if (this.entry?.data === data) this.entry = null; });
    }
    return this.entry.data;
  }

  /** Forgets the kept dataset so the next load reads the source again (an image folder may have changed). */
  forget(): void {
    this.entry = null;
  }

  /** The dataset if it is already loaded (or loading), without starting a load. */
  current(): Promise<CifarDataset> | null {
    return this.entry?.data ?? null;
  }
}
