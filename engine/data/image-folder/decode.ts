import { decode as decodeBmp } from 'bmp-ts';
import sharp, { type Sharp } from 'sharp';
import type { FitMode } from './types.js';

/** libvips (inside sharp) reads PNG, JPEG and WebP but not BMP; BMP goes through bmp-ts first. */
function isBmp(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

function source(bytes: Buffer): Sharp {
  if (!isBmp(bytes)) return sharp(bytes, { failOn: 'warning' });
  const bmp = decodeBmp(bytes, { toRGBA: true });
  if (!bmp.width || !bmp.height || bmp.data.length < bmp.width * bmp.height * 4) throw new Error('the BMP has no pixel data');
  // bmp-ts leaves alpha 0 in 24-bit files; passed on, libvips would premultiply every pixel to black.
  const rgb = Buffer.alloc(bmp.width * bmp.height * 3);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) rgb.set(bmp.data.subarray(q, q + 3), p);
  return sharp(rgb, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
}

/**
 * One image file's bytes → height × width × 3 RGB bytes (HWC): EXIF orientation applied, alpha
 * dropped (as PIL's convert('RGB') does), resized to cover the box and centre-cropped ('crop') or
 * fitted inside it with black bars ('pad'). Throws on a file libvips or bmp-ts cannot read.
 */
export async function decodeImage(bytes: Buffer, height: number, width: number, fit: FitMode): Promise<Uint8Array> {
  const { data, info } = await source(bytes)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .resize({ width, height, fit: fit === 'crop' ? 'cover' : 'contain', position: 'centre', background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height) throw new Error(`resized to ${info.width}×${info.height} instead of ${width}×${height}`);
  if (info.channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // A gray source can stay single-channel through the pipeline: spread it to RGB.
  const rgb = new Uint8Array(height * width * 3);
  for (let i = 0, p = 0; p < rgb.length; i += info.channels, p += 3) rgb[p] = rgb[p + 1] = rgb[p + 2] = data[i] as number;
  return rgb;
}

/** Lossy formats (JPEG, WebP) store gray through chroma planes that drift by a few levels. */
const GRAY_TOLERANCE = 8;

/** True when no pixel's R, G and B differ by more than lossy compression explains: the image has no colour. */
export function isGray(rgb: Uint8Array): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i] as number;
    if (Math.abs(r - (rgb[i + 1] as number)) > GRAY_TOLERANCE || Math.abs(r - (rgb[i + 2] as number)) > GRAY_TOLERANCE) return false;
  }
  return true;
}

/** HWC RGB → HWC single channel, the mean of the three (used only when every image is gray). */
export function toSingleChannel(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(((rgb[i * 3] as number) + (rgb[i * 3 + 1] as number) + (rgb[i * 3 + 2] as number)) / 3);
  return out;
}
