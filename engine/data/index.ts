// The dataset side of the engine: find, download, import, load and batch CIFAR-10.
// Test fixtures live in ./fixtures.js and are deliberately not exported here.
export {
  BATCHES_FOLDER_NAME,
  CIFAR10_CLASS_NAMES,
  CLASS_COUNT,
  IMAGE_BYTES,
  IMAGE_CHANNELS,
  IMAGE_SIDE,
  RECORD_BYTES,
  TEST_BATCH_FILE,
  TRAIN_BATCH_FILES,
  CIFAR_SHAPE,
  imageBytes,
  splitShape,
  type CifarDataset,
  type CifarSplit,
  type ImageShape,
} from './cifar-layout.js';
export { CifarDataError } from './cifar-data-error.js';
export { loadCifar10, type LoadCifar10Options } from './load-cifar10.js';
export { importCifar10Archive } from './import-cifar10-archive.js';
export { CIFAR10_MD5, CIFAR10_URL, downloadCifar10, type DownloadCifar10Options } from './download-cifar10.js';
export type { DownloadProgress } from './progress-throttle.js';
export {
  CIFAR10_DIR_ENV,
  DATA_DIR_ENV,
  defaultCacheDir,
  resolveCifar10Dir,
  type DefaultCacheDirOptions,
  type ResolveCifar10DirOptions,
  type ResolvedCifar10Dir,
} from './cifar10-location.js';
export { createRng, derivedSeed } from './rng.js';
export {
  createBatchBuffers,
  fillBatch,
  NORMALIZED_BYTE,
  shuffledIndices,
  type Batch,
  type BatchBuffers,
  type BatchOptions,
} from './batches.js';
export {
  byteTables,
  channelStats,
  CIFAR10_NORMALIZATION,
  describeNormalization,
  NORMALIZATION_MODES,
  SYMMETRIC_NORMALIZATION,
  type Normalization,
  type NormalizationMode,
} from './normalization.js';
export { augmentIsOff, drawTransform, IDENTITY_TRANSFORM, writeTransformed, type ImageTransform } from './augment.js';
