// The CIFAR-10 binary format as published at https://www.cs.toronto.edu/~kriz/cifar.html.
// Every other module in engine/data reads its sizes and names from here.

export const IMAGE_SIDE = 32;
export const IMAGE_CHANNELS = 3;
export const PIXELS_PER_IMAGE = IMAGE_SIDE * IMAGE_SIDE;
export const IMAGE_BYTES = PIXELS_PER_IMAGE * IMAGE_CHANNELS;
/** One label byte followed by the R, G and B planes. */
export const RECORD_BYTES = 1 + IMAGE_BYTES;
export const CLASS_COUNT = 10;

export const BATCHES_FOLDER_NAME = 'cifar-10-batches-bin';
export const TRAIN_BATCH_FILES = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
] as const;
export const TEST_BATCH_FILE = 'test_batch.bin';
export const CLASS_NAMES_FILE = 'batches.meta.txt';

export const CIFAR10_CLASS_NAMES: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

/** One image's size as the model takes it (HWC). */
export interface ImageShape { height: number; width: number; channels: number }

export const CIFAR_SHAPE: ImageShape = Object.freeze({ height: IMAGE_SIDE, width: IMAGE_SIDE, channels: IMAGE_CHANNELS });

export interface CifarSplit {
  /** count × height × width × channels bytes, HWC per image: the order training batches use. */
  images: Uint8Array;
  /** One class index per image (image folders are capped at 256 classes for this reason). */
  labels: Uint8Array;
  count: number;
  /** The image size; absent means CIFAR-10's 32×32×3. */
  shape?: ImageShape;
}

export function splitShape(split: CifarSplit): ImageShape {
  return split.shape ?? CIFAR_SHAPE;
}

export function imageBytes(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

export interface CifarDataset {
  train: CifarSplit;
  test: CifarSplit;
  classNames: string[];
  /** The cifar-10-batches-bin folder (or image folder) the data was read from. */
  source: string;
  /** Set for image-folder datasets: how the images were found and prepared. */
  folder?: import('./image-folder/types.js').FolderDatasetInfo;
  /** Image folders: each image's file (relative to the folder), in split order. */
  files?: { train: string[]; test: string[] };
}
