import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ImageFolderError } from './folder-error.js';

export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.webp', '.bmp'];
/** Labels are stored as bytes. */
export const MAX_CLASSES = 256;

export interface ScannedFile {
  /** Relative to the dataset folder, '/'-separated, so manifests move between systems. */
  path: string;
  label: number;
  /** From a train/ or test/ folder; null when the folder has one subfolder per class only. */
  split: 'train' | 'test' | null;
  size: number;
  mtimeMs: number;
}

export interface FolderScan {
  layout: 'classes' | 'train-test';
  classNames: string[];
  files: ScannedFile[];
  /** Files that are not images by their extension (README, .DS_Store …), left out. */
  ignored: string[];
}

const visible = (entry: Dirent) => !entry.name.startsWith('.');
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Finds the classes and image files of a folder: either one subfolder per class, or train/ and
 * test/ folders of that shape. Classes are sorted by name, so class indices are stable.
 */
export async function scanImageFolder(root: string): Promise<FolderScan> {
  const entries = await listDir(root);
  const folders = entries.filter((e) => e.isDirectory() && visible(e)).map((e) => e.name);
  const trainName = folders.find((n) => n.toLowerCase() === 'train');
  const testName = folders.find((n) => n.toLowerCase() === 'test');
  const ignored: string[] = [];
  if (trainName && testName) {
    const train = await classFolders(join(root, trainName));
    const test = await classFolders(join(root, testName));
    const classNames = [...new Set([...train, ...test])].sort(byName);
    checkClasses(root, classNames);
    const files: ScannedFile[] = [];
    for (const [split, folder, classes] of [['train', trainName, train], ['test', testName, test]] as const) {
      for (const name of classes) {
        await collect(root, `${folder}/${name}`, classNames.indexOf(name), split, files, ignored);
      }
    }
    checkEmpty(root, classNames, files, 'train');
    return { layout: 'train-test', classNames, files, ignored };
  }
  const classNames = folders.sort(byName);
  checkClasses(root, classNames);
  const files: ScannedFile[] = [];
  for (const [label, name] of classNames.entries()) await collect(root, name, label, null, files, ignored);
  checkEmpty(root, classNames, files, null);
  return { layout: 'classes', classNames, files, ignored };
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageFolderError(code === 'ENOENT' ? `${dir} does not exist.` : code === 'ENOTDIR' ? `${dir} is a file, not a folder.` : `Cannot read ${dir}: ${(error as Error).message}.`,
      'Pick a folder with one subfolder per class (e.g. cats/, dogs/), or with train/ and test/ folders of that shape.');
  }
}

async function classFolders(dir: string): Promise<string[]> {
  return (await listDir(dir)).filter((e) => e.isDirectory() && visible(e)).map((e) => e.name).sort(byName);
}

/** Every image under a class folder, subfolders included, in name order. */
async function collect(root: string, rel: string, label: number, split: ScannedFile['split'], out: ScannedFile[], ignored: string[]): Promise<void> {
  const entries = (await listDir(join(root, rel))).filter(visible).sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      await collect(root, path, label, split, out, ignored);
    } else if (IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
      const info = await stat(join(root, path));
      out.push({ path, label, split, size: info.size, mtimeMs: Math.floor(info.mtimeMs) });
    } else {
      ignored.push(path);
    }
  }
}

function checkClasses(root: string, classNames: string[]): void {
  if (classNames.length < 2) {
    throw new ImageFolderError(`${root} has ${classNames.length === 0 ? 'no class folders' : `only one class folder (${classNames[0]})`}; a classifier needs at least two classes.`,
      'Put each class\'s images in its own subfolder (e.g. cats/, dogs/), at least two of them.');
  }
  if (classNames.length > MAX_CLASSES) {
    throw new ImageFolderError(`${root} has ${classNames.length} class folders; Layerloom handles up to ${MAX_CLASSES}.`, 'Merge or remove classes.');
  }
}

function checkEmpty(root: string, classNames: string[], files: ScannedFile[], split: ScannedFile['split']): void {
  const counts = new Array<number>(classNames.length).fill(0);
  for (const f of files) if (split === null || f.split === split) counts[f.label] = (counts[f.label] ?? 0) + 1;
  const empty = classNames.filter((_, i) => counts[i] === 0);
  if (empty.length) {
    throw new ImageFolderError(`${root}: class folder${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ${empty.length > 1 ? 'have' : 'has'} no images${split ? ` in ${split}/` : ''} (PNG, JPEG, WebP or BMP).`,
      'Add images to every class folder, or remove the empty ones.');
  }
}
