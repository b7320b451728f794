import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type * as tf from '../tf.js';
import type { ExportFormat } from '../host/contract.js';
import { ExportError } from './atomic-dir.js';
import { saveOnnxModel } from './onnx/write-onnx.js';
import { savePytorchModel } from './pytorch/write-pytorch.js';
import type { ModelMetadata } from './tfjs.js';
import { saveTfjsModel } from './tfjs.js';

/** Where an export goes, read from the path the user gave. */
export type ExportTarget = { kind: 'folder' } | { kind: 'onnx-file' } | { kind: 'zip' };

/**
 * A path ending in `.onnx` is the ONNX file itself, one ending in `.zip` a zip of the export's
 * files (any format, the point for TF.js and PyTorch bundles); anything else is a folder.
 */
export function exportTarget(format: ExportFormat, out: string): ExportTarget {
  const ext = extname(out).toLowerCase();
  if (ext === '.zip') return { kind: 'zip' };
  if (ext === '.onnx') {
    if (format !== 'onnx') {
      throw new ExportError(`${out} names an ONNX file, but the format is ${format}.`, `Use --format onnx for a .onnx file, or a folder or .zip path for ${format}.`);
    }
    return { kind: 'onnx-file' };
  }
  return { kind: 'folder' };
}

function writeFolder(format: ExportFormat, model: tf.LayersModel, outDir: string, metadata: ModelMetadata): Promise<string[]> {
  switch (format) {
    case 'tfjs': return saveTfjsModel(model, outDir, metadata);
    case 'onnx': return saveOnnxModel(model, outDir, metadata);
    case 'pytorch': return savePytorchModel(model, outDir, metadata);
  }
}

/**
 * Writes a trained model in one format: `tfjs` (model.json + shards), `onnx` (model.onnx) or
 * `pytorch` (model.py, weights.npz, predict.py, train.py), to a folder, a `.onnx` file or a
 * `.zip` (see exportTarget). Folders are written under a temporary name and renamed into place;
 * files are built in a temporary folder beside the target and renamed too, so a failure never
 * leaves half an export where the user expects a model. Returns the written paths.
 */
export async function exportModel(format: ExportFormat, model: tf.LayersModel, out: string, metadata: ModelMetadata): Promise<string[]> {
  const target = exportTarget(format, out);
  if (target.kind === 'folder') return writeFolder(format, model, out, metadata);
  if (existsSync(out)) {
    throw new ExportError(`${out} already exists.`, 'Choose a new file name, or delete the old export first.');
  }
  const work = await mkdtemp(join(dirname(out), `.${basename(out)}.partial-`)).catch((error: NodeJS.ErrnoException) => {
    throw new ExportError(`Could not write ${out}: ${error.message}`, error.code === 'ENOENT' ? 'Create the folder first, or choose another path.' : 'Choose a folder you can write to.');
  });
  try {
    const files = await writeFolder(format, model, join(work, 'export'), metadata);
    const temp = join(work, 'result');
    if (target.kind === 'onnx-file') {
      await rename(files[0] as string, temp);
    } else {
      const entries: Zippable = {};
      for (const file of files) entries[relative(join(work, 'export'), file).split('\\').join('/')] = await readFile(file);
      await writeFile(temp, zipSync(entries, { level: 6 }));
    }
    await rename(temp, out);
    return [out];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
