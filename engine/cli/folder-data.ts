import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BATCHES_FOLDER_NAME, TRAIN_BATCH_FILES } from '../data/index.js';
import type { FitMode, FolderDatasetInfo } from '../data/image-folder/index.js';
import { FIT_MODES } from '../data/image-folder/index.js';
import type { CliIo } from './io.js';
import { progressBar, thousands } from './format.js';

/**
 * Whether --data names an image folder rather than CIFAR-10: CIFAR-10 is a cifar-10-batches-bin
 * folder (or one holding it), or the downloaded archive; anything else is read as class folders.
 */
export function isImageFolder(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isDirectory()) return false;
  return !existsSync(join(path, TRAIN_BATCH_FILES[0])) && !existsSync(join(path, BATCHES_FOLDER_NAME));
}

export function parseFit(value: string | undefined): FitMode | undefined {
  if (value === undefined) return undefined;
  if (!(FIT_MODES as readonly string[]).includes(value)) throw Object.assign(new Error(`--fit must be crop or pad, not '${value}'.`), { usage: true });
  return value as FitMode;
}

/** "28x28" or "28" → height and width. */
export function parseSize(value: string | undefined): { height: number; width: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:[x×](\d+))?$/.exec(value.trim());
  const height = Number(match?.[1]);
  const width = Number(match?.[2] ?? match?.[1]);
  if (!match || height < 1 || width < 1 || height > 1024 || width > 1024) {
    throw Object.assign(new Error(`--size needs HEIGHTxWIDTH (e.g. 64x64) from 1 to 1024, not '${value}'.`), { usage: true });
  }
  return { height, width };
}

export function importProgressLine(p: { done: number; total: number; skipped: number }): string {
  return `importing images ${progressBar(p.done, p.total)} ${thousands(p.done)}/${thousands(p.total)}${p.skipped ? `, ${p.skipped} skipped` : ''}`;
}

/** What the import found, in a few lines for stderr: classes with counts, skipped files, preprocessing. */
export function describeImport(info: FolderDatasetInfo, io: CliIo): void {
  const total = (split: number[]) => split.reduce((a, b) => a + b, 0);
  io.err(`Image folder ${info.root}: ${info.classNames.length} classes, ${thousands(total(info.counts.train))} training + ${thousands(total(info.counts.test))} test images ${info.test.from === 'folder' ? '(train/ and test/ folders)' : `(${Math.round(info.test.share * 100)}% of each class held out for testing, seed ${info.test.seed})`}${info.fromCache ? ', from the cache' : `, ${thousands(info.decoded)} decoded`}`);
  io.err(`  classes: ${info.classNames.map((name, i) => `${name} ${(info.counts.train[i] ?? 0) + (info.counts.test[i] ?? 0)}`).join(', ')}`);
  io.err(`  preprocessing: ${info.preprocessing}`);
  for (const s of info.skipped) io.err(`  skipped ${s.path}: ${s.reason}`);
}
