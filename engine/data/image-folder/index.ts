// Image-folder datasets: a folder with one subfolder per class (or train/ and test/ of that shape).
export { decodeImage, isGray, toSingleChannel } from './decode.js';
export { ImageFolderError } from './folder-error.js';
export { DEFAULT_SPLIT_SEED, DEFAULT_TEST_SHARE, describePreprocessing, folderCacheDir, importImageFolder, type ImportFolderOptions } from './import-folder.js';
export { IMAGE_EXTENSIONS, MAX_CLASSES, scanImageFolder, type FolderScan, type ScannedFile } from './scan.js';
export { stratifiedHoldOut, stratifiedOrder } from './stratified-split.js';
export { FIT_MODES, type FitMode, type FolderDatasetInfo, type FolderImportOptions, type ImportProgress, type SkippedFile } from './types.js';
