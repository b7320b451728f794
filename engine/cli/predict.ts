import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { BackendName } from '../backend/index.js';
import { selectBackend } from '../backend/index.js';
import { IMAGE_EXTENSIONS } from '../data/image-folder/index.js';
import { loadTfjsModel } from '../export/tfjs.js';
import { EngineError, toErrorReply } from '../host/errors.js';
import { predictImages } from '../predict/predict-images.js';
import type { CliIo } from './io.js';
import { reportFailure } from './io.js';

export interface PredictFlags { json: boolean; top?: number; backend?: BackendName }

/** Image files named on the command line; a folder stands for every image under it, in name order. */
export async function expandImagePaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new EngineError(`${path} does not exist.`, 'Pass image files (PNG, JPEG, WebP, BMP) or folders of them.');
    }
    if (!info.isDirectory()) { out.push(path); continue; }
    const entries = (await readdir(path, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
    const files = entries.filter((e) => e.isFile() && IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase())).map((e) => join(path, e.name));
    const folders = entries.filter((e) => e.isDirectory()).map((e) => join(path, e.name));
    out.push(...files, ...(await expandImagePaths(folders)));
  }
  return out;
}

export async function predictCommand(modelDir: string, images: readonly string[], flags: PredictFlags, io: CliIo): Promise<number> {
  try {
    const files = await expandImagePaths(images);
    if (files.length === 0) throw new EngineError('No image files were given.', 'Pass image files (PNG, JPEG, WebP, BMP) or folders of them after the model folder.');
    await selectBackend(flags.backend ? { prefer: flags.backend } : {});
    const { model, metadata } = await loadTfjsModel(resolve(modelDir));
    const inputs = await Promise.all(files.map(async (name) => ({ name, bytes: await readFile(name) })));
    const predictions = await predictImages(model, inputs, {
      classNames: metadata?.classNames ?? [], outputsProbabilities: metadata?.outputsProbabilities ?? false,
      fit: metadata?.input?.fit ?? 'crop', topK: flags.top ?? 3,
    });
    model.dispose();
    let failed = 0;
    for (const p of predictions) {
      if ('error' in p) failed++;
      if (flags.json) io.out(JSON.stringify({ type: 'prediction', ...p }));
      else if ('error' in p) io.err(`✗ ${p.name}: ${p.error}`);
      else io.out(`${p.name}  ${p.top.map((t) => `${t.className} ${(t.probability * 100).toFixed(1)}%`).join('  ')}`);
    }
    return failed === predictions.length ? 1 : 0;
  } catch (error) {
    return reportFailure(toErrorReply(error), flags.json, io);
  }
}
