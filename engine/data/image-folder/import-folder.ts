import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CifarDataset, CifarSplit, ImageShape } from '../cifar-layout.js';
import { decodeImage, isGray, toSingleChannel } from './decode.js';
import { ImageFolderError } from './folder-error.js';
import type { ManifestEntry } from './manifest.js';
import { readCache, writeCache } from './manifest.js';
import { scanImageFolder } from './scan.js';
import type { ScannedFile } from './scan.js';
import { stratifiedHoldOut, stratifiedOrder } from './stratified-split.js';
import type { FolderDatasetInfo, FolderImportOptions, ImportProgress, SkippedFile } from './types.js';

export interface ImportFolderOptions extends FolderImportOptions {
  /** The app's data folder: the cache goes to <cacheDir>/image-folders/<key>/. */
  cacheDir: string;
  onProgress?: (progress: ImportProgress) => void;
}

export const DEFAULT_TEST_SHARE = 0.2;
export const DEFAULT_SPLIT_SEED = 1;
const DECODE_PARALLEL = 4;
const PROGRESS_MS = 100;

/** Where a folder's cache lives: one per folder and size, so trying another size keeps the first. */
export function folderCacheDir(cacheDir: string, root: string, options: Pick<FolderImportOptions, 'height' | 'width' | 'fit'>): string {
  const key = createHash('sha256').update(`${resolve(root)}\n${options.height}x${options.width}\n${options.fit}`).digest('hex').slice(0, 16);
  return join(cacheDir, 'image-folders', key);
}

/**
 * Reads an image folder as a dataset: decodes and resizes every image once into a uint8 cache
 * with a manifest (paths, sizes, mtimes), and on later imports decodes only files that are new
 * or changed. Files that cannot be decoded are skipped and listed, never fatal.
 */
export async function importImageFolder(folder: string, options: ImportFolderOptions): Promise<CifarDataset> {
  const root = resolve(folder);
  const { height, width, fit } = options;
  if (![height, width].every((n) => Number.isInteger(n) && n >= 1 && n <= 1024)) {
    throw new ImageFolderError(`Image size ${height}×${width} is not possible.`, 'Pick a height and width from 1 to 1024 pixels.');
  }
  const scan = await scanImageFolder(root);
  const dir = folderCacheDir(options.cacheDir, root, options);
  const cached = await readCache(dir);
  const old = new Map<string, ManifestEntry>();
  if (cached && cached.manifest.root === root && cached.manifest.height === height && cached.manifest.width === width && cached.manifest.fit === fit) {
    for (const entry of cached.manifest.entries) old.set(entry.path, entry);
  }
  const bytes = height * width * 3;
  const rgb: (Uint8Array | null)[] = new Array(scan.files.length).fill(null);
  const errors: (string | undefined)[] = new Array(scan.files.length);
  const progress = { done: 0, total: scan.files.length, skipped: 0 };
  let lastReport = Number.NEGATIVE_INFINITY;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_MS) return;
    lastReport = now;
    options.onProgress?.({ ...progress });
  };
  report(true);

  let decoded = 0;
  const todo: number[] = [];
  scan.files.forEach((file, i) => {
    const before = old.get(file.path);
    if (before && before.size === file.size && before.mtimeMs === file.mtimeMs && cached) {
      if (before.slot === null) errors[i] = before.error ?? 'could not be decoded';
      else rgb[i] = cached.pixels.subarray(before.slot * bytes, (before.slot + 1) * bytes);
      progress.done++;
      if (before.slot === null) progress.skipped++;
    } else {
      todo.push(i);
    }
  });
  report();
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = todo[next++] as number;
      const file = scan.files[i] as ScannedFile;
      try {
        rgb[i] = await decodeImage(await readFile(join(root, file.path)), height, width, fit);
      } catch (error) {
        errors[i] = conciseReason(error);
        progress.skipped++;
      }
      decoded++;
      progress.done++;
      report();
    }
  };
  await Promise.all(Array.from({ length: DECODE_PARALLEL }, worker));
  report(true);

  const entries: ManifestEntry[] = [];
  const pixels = new Uint8Array(rgb.filter((x) => x !== null).length * bytes);
  let slot = 0;
  scan.files.forEach((file, i) => {
    const image = rgb[i];
    if (image) pixels.set(image, slot * bytes);
    entries.push({ path: file.path, size: file.size, mtimeMs: file.mtimeMs, slot: image ? slot++ : null, ...(errors[i] !== undefined && { error: errors[i] }) });
  });
  const unchanged = decoded === 0 && old.size === scan.files.length;
  if (!unchanged) await writeCache(dir, { root, height, width, fit, entries }, pixels);

  const skipped: SkippedFile[] = scan.files.flatMap((f, i) => (rgb[i] ? [] : [{ path: f.path, reason: errors[i] ?? 'could not be decoded' }]));
  const usable = scan.files.map((f, i) => ({ file: f, slot: entries[i]?.slot ?? null })).filter((u) => u.slot !== null);
  if (usable.length === 0) {
    throw new ImageFolderError(`None of the ${scan.files.length} images in ${root} could be read (first: ${skipped[0]?.path}: ${skipped[0]?.reason}).`,
      'Check that the files are PNG, JPEG, WebP or BMP images and not damaged.');
  }
  const channels = options.channels === 1 || options.channels === 3 ? options.channels
    : usable.every((u) => isGray(pixels.subarray((u.slot as number) * bytes, ((u.slot as number) + 1) * bytes))) ? 1 : 3;
  const shape: ImageShape = { height, width, channels };
  const classCount = scan.classNames.length;
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const testShare = options.testShare ?? DEFAULT_TEST_SHARE;

  let trainItems = usable.filter((u) => u.file.split !== 'test');
  let testItems = usable.filter((u) => u.file.split === 'test');
  if (scan.layout === 'classes') {
    const held = stratifiedHoldOut(trainItems.map((u) => u.file.label), classCount, testShare, seed);
    testItems = held.test.map((i) => trainItems[i] as (typeof trainItems)[number]);
    trainItems = held.train.map((i) => trainItems[i] as (typeof trainItems)[number]);
  }
  trainItems = stratifiedOrder(trainItems.map((u) => u.file.label), classCount, seed).map((i) => trainItems[i] as (typeof trainItems)[number]);
  const pick = (items: typeof usable): CifarSplit => {
    const per = height * width * channels;
    const images = new Uint8Array(items.length * per);
    const labels = new Uint8Array(items.length);
    items.forEach((u, i) => {
      const source = pixels.subarray((u.slot as number) * bytes, ((u.slot as number) + 1) * bytes);
      images.set(channels === 1 ? toSingleChannel(source) : source, i * per);
      labels[i] = u.file.label;
    });
    return { images, labels, count: items.length, shape };
  };
  const train = pick(trainItems);
  const test = pick(testItems);
  const counts = (split: CifarSplit) => {
    const c = new Array<number>(classCount).fill(0);
    for (const label of split.labels) c[label] = (c[label] ?? 0) + 1;
    return c;
  };
  const info: FolderDatasetInfo = {
    root, layout: scan.layout, shape, fit, classNames: scan.classNames, counts: { train: counts(train), test: counts(test) }, skipped,
    fromCache: decoded === 0, decoded, cacheDir: dir,
    test: scan.layout === 'train-test' ? { from: 'folder' } : { from: 'split', share: testShare, seed },
    preprocessing: describePreprocessing(shape, fit),
  };
  return { train, test, classNames: scan.classNames, source: root, folder: info, files: { train: trainItems.map((u) => u.file.path), test: testItems.map((u) => u.file.path) } };
}

export function describePreprocessing(shape: ImageShape, fit: 'crop' | 'pad'): string {
  const how = fit === 'crop' ? 'resized to cover, centre-cropped' : 'resized to fit, padded with black';
  return `${how} to ${shape.height}×${shape.width}, ${shape.channels === 1 ? 'grayscale (1 channel)' : 'RGB (3 channels)'}, alpha dropped; pixels x in 0..255 → (x/255 − 0.5)/0.5`;
}

/** sharp's messages can run to several lines; the first says what went wrong, in libvips' words. */
function conciseReason(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() || 'could not be decoded';
  return /unsupported image format/i.test(text) ? 'not a PNG, JPEG, WebP or BMP image (the bytes match none of them)' : `damaged or unreadable: ${text}`;
}
