import { INPUT_SHAPE } from '../../../engine/layers/input.js';
import { NUM_CLASSES } from '../../../engine/layers/output.js';
import type { RequestResult } from '../../../engine/host/contract.js';
import type { AppContext } from './app-context.js';
import { reportErrors } from './app-context.js';
import { errorReason } from './error-reason.js';

export interface FolderChoice { path: string; height: number; width: number; fit: 'crop' | 'pad' }

/**
 * Imports an image folder (decoded once into the engine's cache), makes it the project's dataset
 * and fits the graph to it: Input size, Output classes and the final Dense, said in a notice.
 */
export async function importImageFolder(ctx: AppContext, choice: FolderChoice): Promise<RequestResult<'dataset.importFolder'> | null> {
  const t = () => ctx.training.getState();
  t().folderImportStarted();
  try {
    const info = await ctx.platform.engine.request('dataset.importFolder', { ...choice, channels: 'auto' });
    t().folderImported(info);
    const g = ctx.graph.getState();
    g.setDataset({ kind: 'folder', path: choice.path, fit: choice.fit, channels: 'auto' });
    const changes = g.adaptToDataset({ shape: info.shape, classNames: info.classNames });
    const images = info.counts.train.concat(info.counts.test).reduce((a, b) => a + b, 0);
    const skipped = info.skipped.length ? ` ${info.skipped.length} file${info.skipped.length > 1 ? 's' : ''} skipped (${info.skipped.map((s) => s.path).join(', ')}).` : '';
    ctx.ui.getState().notify({
      tone: info.skipped.length ? 'info' : 'success',
      message: `Imported ${images} images in ${info.classNames.length} classes.${skipped}${changes.length ? ` Adapted the model: ${changes.join('; ')}.` : ''}`,
    });
    return info;
  } catch (error) {
    t().folderImported(null, errorReason(error) as { message: string; fix: string });
    return null;
  }
}

/** Back to CIFAR-10: the project forgets the folder and the graph returns to 32×32×3 and 10 classes. */
export function useCifar10(ctx: AppContext): void {
  const g = ctx.graph.getState();
  g.setDataset(undefined);
  const [height, width, channels] = INPUT_SHAPE;
  const changes = g.adaptToDataset({ shape: { height, width, channels }, classNames: Array.from({ length: NUM_CLASSES }, (_, i) => `class ${i}`) });
  if (changes.length) ctx.ui.getState().notify({ tone: 'info', message: `Training on CIFAR-10. Adapted the model: ${changes.join('; ')}.` });
}

export function chooseImageFolder(ctx: AppContext, current: string): Promise<string | null> {
  return ctx.platform.dialogs.chooseFolder('images', current || 'my-images');
}

/** Samples of the loaded dataset's training split, for the dataset view's grid. */
export function loadTrainSamples(ctx: AppContext, indices: number[]) {
  return ctx.platform.engine.request('dataset.samples', { split: 'train', indices });
}

/** Base64 per request: the browser-mode socket takes 48 MB, and smaller requests keep the engine responsive. */
const REQUEST_BYTES = 8 * 1024 * 1024;
const MAX_FILE_BYTES = 24 * 1024 * 1024;

/** Top-k classes for image files, from a run trained in this session; files are sent in batches. */
export async function predictFiles(ctx: AppContext, runId: string, files: readonly File[]) {
  return reportErrors(ctx, async () => {
    const results: RequestResult<'model.predict'> = [];
    let batch: { name: string; data: string }[] = [];
    let size = 0;
    const flush = async () => {
      if (batch.length) results.push(...await ctx.platform.engine.request('model.predict', { runId, images: batch, topK: 3 }));
      batch = [];
      size = 0;
    };
    for (const file of files) {
      const name = file.webkitRelativePath || file.name;
      if (file.size > MAX_FILE_BYTES) {
        await flush();
        results.push({ name, error: `is ${(file.size / 1_048_576).toFixed(0)} MB; images up to 24 MB can be predicted here (use \`layerloom predict\` for larger ones)` });
        continue;
      }
      const data = await base64(file);
      if (size + data.length > REQUEST_BYTES) await flush();
      batch.push({ name, data });
      size += data.length;
    }
    await flush();
    return results;
  });
}

async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
