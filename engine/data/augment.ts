import type { Augment } from '../project/schema.js';
import { CIFAR_SHAPE, type ImageShape } from './cifar-layout.js';

/** Where one training image's pixels come from: a shift (crop of the padded image), a mirror, a blanked square. */
export interface ImageTransform {
  dx: number;
  dy: number;
  flip: boolean;
  /** Top-left and side of the blanked square; side 0 for none. */
  cutoutX: number;
  cutoutY: number;
  cutoutSize: number;
}

export const IDENTITY_TRANSFORM: ImageTransform = { dx: 0, dy: 0, flip: false, cutoutX: 0, cutoutY: 0, cutoutSize: 0 };

/** True when the settings change nothing (evaluation always runs without them). */
export function augmentIsOff(augment: Augment | undefined): boolean {
  return augment === undefined || (augment.cropPadding === 0 && !augment.flip && augment.cutout === 0);
}

/**
 * Draws one image's transform from the rng, in a fixed order (crop y, crop x, flip, cutout
 * y, x), only for what is on: the same seed gives the same images. Crop as torchvision's
 * RandomCrop(32, padding=p): an offset in −p..p; cutout as DeVries & Taylor: a square centred
 * anywhere in the image, clipped at its edges.
 */
export function drawTransform(augment: Augment, rng: () => number, shape: ImageShape = CIFAR_SHAPE): ImageTransform {
  const p = augment.cropPadding;
  const dy = p > 0 ? Math.floor(rng() * (2 * p + 1)) - p : 0;
  const dx = p > 0 ? Math.floor(rng() * (2 * p + 1)) - p : 0;
  const flip = augment.flip ? rng() < 0.5 : false;
  if (augment.cutout === 0) return { dx, dy, flip, cutoutX: 0, cutoutY: 0, cutoutSize: 0 };
  const cy = Math.floor(rng() * shape.height);
  const cx = Math.floor(rng() * shape.width);
  const half = Math.floor(augment.cutout / 2);
  return { dx, dy, flip, cutoutX: cx - half, cutoutY: cy - half, cutoutSize: augment.cutout };
}

/** Reflection without repeating the edge (numpy 'reflect', torchvision padding_mode='reflect'). */
function reflect(i: number, size: number): number {
  const last = size - 1;
  if (i < 0) return -i;
  if (i > last) return 2 * last - i;
  return i;
}

/**
 * Writes one HWC byte image through its transform as normalized floats. Zero padding is black
 * pixels (byte 0, as torchvision pads before normalizing); cutout writes 0 after
 * normalization (the channel mean).
 */
export function writeTransformed(
  src: Uint8Array, from: number, dst: Float32Array, to: number, t: ImageTransform, tables: Float32Array, zeroPad: boolean,
  { height, width, channels }: ImageShape = CIFAR_SHAPE,
): void {
  for (let y = 0; y < height; y++) {
    const sy = y + t.dy;
    const rowOutside = sy < 0 || sy >= height;
    for (let x = 0; x < width; x++) {
      const o = to + (y * width + x) * channels;
      const sx = (t.flip ? width - 1 - x : x) + t.dx;
      if (zeroPad && (rowOutside || sx < 0 || sx >= width)) {
        for (let c = 0; c < channels; c++) dst[o + c] = tables[c * 256] as number;
        continue;
      }
      const s = from + (reflect(sy, height) * width + reflect(sx, width)) * channels;
      for (let c = 0; c < channels; c++) dst[o + c] = tables[c * 256 + (src[s + c] as number)] as number;
    }
  }
  if (t.cutoutSize > 0) {
    for (let y = Math.max(0, t.cutoutY); y < Math.min(height, t.cutoutY + t.cutoutSize); y++) {
      for (let x = Math.max(0, t.cutoutX); x < Math.min(width, t.cutoutX + t.cutoutSize); x++) {
        dst.fill(0, to + (y * width + x) * channels, to + (y * width + x + 1) * channels);
      }
    }
  }
}
