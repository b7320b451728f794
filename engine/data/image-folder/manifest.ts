import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FIT_MODES } from './types.js';

export const MANIFEST_FILE = 'manifest.json';
export const PIXELS_FILE = 'pixels.u8';
const MANIFEST_VERSION = 1;

const entrySchema = z.object({
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  /** Index of the image's RGB bytes in pixels.u8; null when the file could not be decoded. */
  slot: z.number().int().nullable(),
  error: z.string().optional(),
});

export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  root: z.string(),
  height: z.number().int(),
  width: z.number().int(),
  fit: z.enum(FIT_MODES),
  entries: z.array(entrySchema),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entrySchema>;

/** What was cached for a folder before, or null when nothing usable is there (a damaged cache is rebuilt). */
export async function readCache(dir: string): Promise<{ manifest: Manifest; pixels: Uint8Array } | null> {
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
    const pixels = new Uint8Array(await readFile(join(dir, PIXELS_FILE)));
    const slots = manifest.entries.filter((e) => e.slot !== null).length;
    if (pixels.length !== slots * manifest.height * manifest.width * 3) return null;
    return { manifest, pixels };
  } catch {
    return null;
  }
}

/** Pixels first, manifest last, each renamed into place: a crash leaves the old cache or a detectable mismatch. */
export async function writeCache(dir: string, manifest: Omit<Manifest, 'version'>, pixels: Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true });
  const suffix = `.writing-${process.pid}`;
  await rm(join(dir, MANIFEST_FILE), { force: true });
  await writeFile(join(dir, PIXELS_FILE + suffix), pixels);
  await rename(join(dir, PIXELS_FILE + suffix), join(dir, PIXELS_FILE));
  await writeFile(join(dir, MANIFEST_FILE + suffix), JSON.stringify({ version: MANIFEST_VERSION, ...manifest }));
  await rename(join(dir, MANIFEST_FILE + suffix), join(dir, MANIFEST_FILE));
}
