import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng } from '../rng.js';

// Small image-folder datasets for tests and hand runs: one class per shape, drawn with random
// size, position and colours, written as real PNG/JPEG/WebP files (sharp renders the SVG).

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross', 'ring'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];
export type ShapeFormat = 'png' | 'jpeg' | 'webp';

export interface ShapeDatasetOptions {
  classes?: readonly ShapeClass[];
  perClass?: number;
  /** Source image size; deliberately not the Input's, so resizing is exercised. */
  width?: number;
  height?: number;
  /** Formats used in turn, file by file. */
  formats?: readonly ShapeFormat[];
  /** Writes <first class>/broken.png with bytes that are not an image. */
  corrupt?: boolean;
  gray?: boolean;
  seed?: number;
}

/** The SVG of one shape of a class; the rng decides size, place and colours. */
export function shapeSvg(kind: ShapeClass, width: number, height: number, rng: () => number, gray = false): string {
  const side = Math.min(width, height);
  const r = side * (0.22 + rng() * 0.14);
  const cx = width / 2 + (rng() - 0.5) * (width - 2 * r) * 0.6;
  const cy = height / 2 + (rng() - 0.5) * (height - 2 * r) * 0.6;
  const colour = (light: boolean) => {
    const base = light ? 150 : 0;
    const pick = () => base + Math.floor(rng() * 100);
    if (gray) { const v = pick(); return `rgb(${v},${v},${v})`; }
    return `rgb(${pick()},${pick()},${pick()})`;
  };
  const bg = colour(false);
  const fg = colour(true);
  const body = {
    circle: `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fg}"/>`,
    square: `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" fill="${fg}"/>`,
    triangle: `<polygon points="${cx},${cy - r} ${cx - r},${cy + r} ${cx + r},${cy + r}" fill="${fg}"/>`,
    cross: `<rect x="${cx - r}" y="${cy - r / 3}" width="${2 * r}" height="${(2 * r) / 3}" fill="${fg}"/><rect x="${cx - r / 3}" y="${cy - r}" width="${(2 * r) / 3}" height="${2 * r}" fill="${fg}"/>`,
    ring: `<circle cx="${cx}" cy="${cy}" r="${r * 0.8}" fill="none" stroke="${fg}" stroke-width="${r / 3}"/>`,
  }[kind];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${bg}"/>${body}</svg>`;
}

export async function shapeImage(kind: ShapeClass, format: ShapeFormat, options: { width: number; height: number; rng: () => number; gray?: boolean }): Promise<Buffer> {
  const image = sharp(Buffer.from(shapeSvg(kind, options.width, options.height, options.rng, options.gray)));
  const gray = options.gray ? image.toColourspace('b-w') : image;
  return format === 'png' ? gray.png().toBuffer() : format === 'jpeg' ? gray.jpeg({ quality: 90 }).toBuffer() : gray.webp().toBuffer();
}

/** Writes <root>/<class>/<class>-NNN.<ext> for each class; returns the written paths (relative). */
export async function writeShapeDataset(root: string, options: ShapeDatasetOptions = {}): Promise<string[]> {
  const classes = options.classes ?? SHAPE_CLASSES.slice(0, 3);
  const perClass = options.perClass ?? 20;
  const formats = options.formats ?? ['png', 'jpeg'];
  const rng = createRng(options.seed ?? 11);
  const written: string[] = [];
  for (const kind of classes) {
    await mkdir(join(root, kind), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const format = formats[i % formats.length] as ShapeFormat;
      const name = `${kind}/${kind}-${String(i).padStart(3, '0')}.${format === 'jpeg' ? 'jpg' : format}`;
      await writeFile(join(root, name), await shapeImage(kind, format, { width: options.width ?? 40, height: options.height ?? 30, rng, ...(options.gray && { gray: true }) }));
      written.push(name);
    }
  }
  if (options.corrupt) {
    const name = `${classes[0]}/broken.png`;
    await writeFile(join(root, name), Buffer.from('this is not a PNG, just text with a .png name'));
    written.push(name);
  }
  return written;
}
