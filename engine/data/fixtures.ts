// Small CIFAR-10 stand-ins for tests anywhere in the project: same binary format, same
// folder layout, but images a small net can learn within an epoch or two, so training
// tests can assert that loss falls without the real 180 MB dataset.
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  BATCHES_FOLDER_NAME,
  CIFAR10_CLASS_NAMES,
  CLASS_COUNT,
  CLASS_NAMES_FILE,
  IMAGE_BYTES,
  IMAGE_SIDE,
  TEST_BATCH_FILE,
  TRAIN_BATCH_FILES,
  type CifarSplit,
} from './cifar-layout.js';
import { encodeCifarRecords } from './cifar-records.js';
import { createRng } from './rng.js';
import { shuffledIndices } from './batches.js';
import { createTar, type TarInput } from './tar-entries.js';

export interface CifarFixtureOptions {
  /** Records in each of data_batch_1..5.bin. */
  trainPerBatch?: number;
  /** Records in test_batch.bin. */
  test?: number;
  seed?: number;
}

/** One hue per class, spread round the colour wheel so the mean colour alone separates classes. */
const CLASS_COLOURS: ReadonlyArray<readonly [number, number, number]> = [
  [220, 60, 60],
  [220, 160, 40],
  [170, 210, 50],
  [60, 200, 70],
  [40, 200, 170],
  [50, 150, 220],
  [60, 70, 220],
  [150, 60, 220],
  [220, 60, 170],
  [128, 128, 128],
];

/** A second, spatial cue per class (values −1 or 1), so conv filters have shapes to find too. */
const CLASS_PATTERNS: ReadonlyArray<(row: number, col: number) => number> = [
  (row) => (Math.floor(row / 4) % 2 ? 1 : -1), // horizontal stripes
  (_row, col) => (Math.floor(col / 4) % 2 ? 1 : -1), // vertical stripes
  (row, col) => (Math.floor((row + col) / 4) % 2 ? 1 : -1), // diagonal stripes
  (row, col) => (Math.floor((row - col + 64) / 4) % 2 ? 1 : -1), // anti-diagonal stripes
  (row, col) => ((Math.floor(row / 8) + Math.floor(col / 8)) % 2 ? 1 : -1), // checkerboard
  (row, col) => (Math.abs(row - 15.5) < 8 && Math.abs(col - 15.5) < 8 ? 1 : -1), // centre square
  (row, col) => (Math.min(row, col, 31 - row, 31 - col) < 5 ? 1 : -1), // frame
  (row) => (row < 16 ? 1 : -1), // bright top
  (_row, col) => (col < 16 ? 1 : -1), // bright left
  (row, col) => (Math.floor(Math.hypot(row - 15.5, col - 15.5) / 4) % 2 ? 1 : -1), // rings
];

/** Each pattern sampled once on the 32×32 grid: generating images then needs no calls per pixel. */
const PATTERN_GRIDS: readonly Int8Array[] = CLASS_PATTERNS.map((pattern) => {
  const grid = new Int8Array(IMAGE_SIDE * IMAGE_SIDE);
  for (let row = 0; row < IMAGE_SIDE; row++) {
    for (let col = 0; col < IMAGE_SIDE; col++) grid[row * IMAGE_SIDE + col] = pattern(row, col);
  }
  return grid;
});

const PATTERN_CONTRAST = 45;
const NOISE = 28;
const BRIGHTNESS_JITTER = 20;

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
}

/**
 * `count` learnable images with balanced labels in shuffled order, generated in memory
 * (no files); the same seed always gives the same bytes.
 */
export function createLearnableSplit(count: number, seed = 1): CifarSplit {
  const rng = createRng(seed);
  const order = shuffledIndices(count, rng);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = (order[i] as number) % CLASS_COUNT;
  const images = new Uint8Array(count * IMAGE_BYTES);
  for (let i = 0; i < count; i++) {
    const label = labels[i] as number;
    const colour = CLASS_COLOURS[label] as readonly [number, number, number];
    const grid = PATTERN_GRIDS[label] as Int8Array;
    // Small per-image shifts and brightness changes, so no two images of a class are equal.
    const shiftRow = Math.floor(rng() * 3);
    const shiftCol = Math.floor(rng() * 3);
    const brightness = (rng() * 2 - 1) * BRIGHTNESS_JITTER;
    let at = i * IMAGE_BYTES;
    for (let row = 0; row < IMAGE_SIDE; row++) {
      for (let col = 0; col < IMAGE_SIDE; col++) {
        const cell = ((row + shiftRow) % IMAGE_SIDE) * IMAGE_SIDE + ((col + shiftCol) % IMAGE_SIDE);
        const signal = (grid[cell] as number) * PATTERN_CONTRAST + brightness;
        for (let channel = 0; channel < 3; channel++) {
          const noise = (rng() + rng() - 1) * NOISE;
          images[at++] = clampByte((colour[channel] as number) + signal + noise);
        }
      }
    }
  }
  return { images, labels, count };
}

/** Different files get unrelated streams, and the test split does not depend on the train size. */
function fileSeed(seed: number, fileIndex: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + fileIndex * 0x85ebca6b + 1) >>> 0;
}

/**
 * Writes `<dir>/cifar-10-batches-bin/` with all six batch files and batches.meta.txt and
 * returns that folder. Defaults: 100 images per file, so 500 train and 100 test.
 */
export async function writeCifarFixture(dir: string, options: CifarFixtureOptions = {}): Promise<string> {
  const { trainPerBatch = 100, test = 100, seed = 1 } = options;
  const batchesDir = path.join(dir, BATCHES_FOLDER_NAME);
  await mkdir(batchesDir, { recursive: true });
  const files = [...TRAIN_BATCH_FILES, TEST_BATCH_FILE];
  for (const [fileIndex, name] of files.entries()) {
    const count = name === TEST_BATCH_FILE ? test : trainPerBatch;
    const split = createLearnableSplit(count, fileSeed(seed, fileIndex));
    await writeFile(path.join(batchesDir, name), encodeCifarRecords(split.images, split.labels));
  }
  await writeFile(path.join(batchesDir, CLASS_NAMES_FILE), `${CIFAR10_CLASS_NAMES.join('\n')}\n\n`);
  return batchesDir;
}

/**
 * Packs a fixture folder the way the official cifar-10-binary.tar.gz is packed
 * (`cifar-10-batches-bin/<file>` entries after a folder entry) and returns the archive's
 * MD5 in hex, ready to pass to downloadCifar10.
 */
export async function writeCifarArchive(tarGzPath: string, fixtureDir: string): Promise<string> {
  const entries: TarInput[] = [{ name: `${BATCHES_FOLDER_NAME}/`, typeFlag: '5' }];
  const names = (await readdir(fixtureDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  for (const name of names) {
    entries.push({ name: `${BATCHES_FOLDER_NAME}/${name}`, data: await readFile(path.join(fixtureDir, name)) });
  }
  const archive = gzipSync(createTar(entries));
  await mkdir(path.dirname(tarGzPath), { recursive: true });
  await writeFile(tarGzPath, archive);
  return createHash('md5').update(archive).digest('hex');
}
