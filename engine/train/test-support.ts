import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CifarDataset } from '../data/index.js';
import { loadCifar10 } from '../data/index.js';
import { writeCifarFixture } from '../data/fixtures.js';

/** A generated CIFAR-format dataset in a temp folder; tests call `cleanup` when done. */
export async function fixtureDataset(options: { trainPerBatch: number; test: number; seed?: number }): Promise<{ data: CifarDataset; dir: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'layerloom-train-'));
  const dir = await writeCifarFixture(root, options);
  const data = await loadCifar10(dir);
  return { data, dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
