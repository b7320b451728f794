import type { ImageShape } from '../cifar-layout.js';

/** How an image whose aspect differs from the Input's is fitted: cut the overhang, or add black bars. */
export const FIT_MODES = ['crop', 'pad'] as const;
export type FitMode = (typeof FIT_MODES)[number];

/** What the user chooses when importing a folder; channels 'auto' is 1 when every image is gray. */
export interface FolderImportOptions {
  height: number;
  width: number;
  fit: FitMode;
  channels?: 'auto' | 1 | 3;
  /** Share of each class held out for testing when the folder has no test/ part. */
  testShare?: number;
  /** Seeds the stratified split, so the same folder splits the same way every time. */
  seed?: number;
}

export interface SkippedFile {
  /** Relative to the dataset folder, '/'-separated. */
  path: string;
  reason: string;
}

/** How an image-folder dataset was found and prepared: shown in the dataset view and the CLI. */
export interface FolderDatasetInfo {
  root: string;
  /** 'classes': one subfolder per class; 'train-test': train/ and test/ each with class subfolders. */
  layout: 'classes' | 'train-test';
  shape: ImageShape;
  fit: FitMode;
  classNames: string[];
  /** Images per class in each split (after the corrupt ones were skipped). */
  counts: { train: number[]; test: number[] };
  skipped: SkippedFile[];
  /** True when no image needed decoding: the cache matched the folder. */
  fromCache: boolean;
  /** Images decoded in this import (0 when fully cached). */
  decoded: number;
  /** Where the uint8 pixels and manifest live. */
  cacheDir: string;
  /** Where the test images came from, and the split's seed and share when split here. */
  test: { from: 'folder' } | { from: 'split'; share: number; seed: number };
  /** One sentence on the preprocessing, for the dataset view and exports. */
  preprocessing: string;
}

export interface ImportProgress {
  done: number;
  total: number;
  skipped: number;
}
