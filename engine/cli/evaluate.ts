import { resolve } from 'node:path';
import type { BackendName } from '../backend/index.js';
import { selectBackend } from '../backend/index.js';
import type { CifarDataset } from '../data/index.js';
import { defaultCacheDir, loadCifar10, resolveCifar10Dir } from '../data/index.js';
import { importImageFolder } from '../data/image-folder/index.js';
import type { FitMode } from '../data/image-folder/index.js';
import { loadTfjsModel } from '../export/tfjs.js';
import type { ModelMetadata } from '../export/tfjs.js';
import { EngineError, toErrorReply } from '../host/errors.js';
import { evaluateModel, perClassAccuracy } from '../train/evaluate.js';
import { sliceSplit } from '../train/splits.js';
import { modelImageShape } from '../train/step.js';
import type * as tf from '../tf.js';
import type { CliIo } from './io.js';
import { reportFailure } from './io.js';
import { describeImport, importProgressLine, isImageFolder } from './folder-data.js';
import { percent } from './format.js';

export interface EvaluateFlags { data?: string; limit?: number; json: boolean; backend?: BackendName; fit?: FitMode }

export async function evaluateCommand(modelDir: string, flags: EvaluateFlags, io: CliIo): Promise<number> {
  try {
    await selectBackend(flags.backend ? { prefer: flags.backend } : {});
    const { model, metadata } = await loadTfjsModel(resolve(modelDir));
    const data = await evaluationData(model, metadata, flags, io);
    if (data.folder && metadata && metadata.classNames.join('\n') !== data.classNames.join('\n')) {
      throw new EngineError(`The model knows the classes ${metadata.classNames.join(', ')}; ${data.source} has ${data.classNames.join(', ')}.`,
        'Evaluate on a folder with the same class folders the model was trained on.');
    }
    const test = flags.limit === undefined ? data.test : sliceSplit(data.test, 0, flags.limit);
    const result = evaluateModel(model, test, { outputsProbabilities: metadata?.outputsProbabilities ?? false, keepOutputs: flags.json });
    if (flags.json) {
      const outputs = result.outputs ?? new Float32Array();
      const classes = outputs.length / Math.max(result.count, 1);
      const rows = Array.from({ length: result.count }, (_, i) => Array.from(outputs.subarray(i * classes, (i + 1) * classes)));
      io.out(JSON.stringify({ type: 'logits', rows, ...(data.files && { files: data.files.test.slice(0, result.count) }) }));
      io.out(JSON.stringify({ type: 'result', testAcc: result.acc, testLoss: result.loss, count: result.count, classNames: data.classNames, predictions: Array.from(result.predictions) }));
    } else {
      io.out(`Test accuracy ${percent(result.acc)} on ${result.count} images (loss ${result.loss.toFixed(4)})`);
      if (data.folder) io.out(`Per class: ${data.classNames.map((name, i) => `${name} ${percent(perClassAccuracy(result.confusion)[i] ?? null)}`).join(', ')}`);
    }
    model.dispose();
    return 0;
  } catch (error) {
    return reportFailure(toErrorReply(error), flags.json, io);
  }
}

/** The test images: an image folder at the model's Input size and fit, else CIFAR-10. */
async function evaluationData(model: tf.LayersModel, metadata: ModelMetadata | null, flags: EvaluateFlags, io: CliIo): Promise<CifarDataset> {
  if (flags.data !== undefined && isImageFolder(flags.data)) {
    const [height, width, channels] = modelImageShape(model);
    const data = await importImageFolder(flags.data, {
      height, width, channels: channels === 1 ? 1 : 3, fit: flags.fit ?? metadata?.input?.fit ?? 'crop', cacheDir: defaultCacheDir(),
      onProgress: (p) => io.status(importProgressLine(p)),
    });
    if (!flags.json && data.folder) describeImport(data.folder, io);
    return data;
  }
  const location = resolveCifar10Dir({ ...(flags.data !== undefined && { option: flags.data }), cacheDir: defaultCacheDir() });
  if (!location) throw new EngineError('No CIFAR-10 data found.', 'Pass --data DIR (a cifar-10-batches-bin folder or an image folder) or set LAYERLOOM_CIFAR10_DIR.');
  return loadCifar10(location.dir);
}
