import { resolve } from 'node:path';
import type { BackendName } from '../backend/index.js';
import { selectBackend } from '../backend/index.js';
import { defaultCacheDir, loadCifar10, resolveCifar10Dir } from '../data/index.js';
import { loadTfjsModel } from '../export/tfjs.js';
import { EngineError, toErrorReply } from '../host/errors.js';
import { evaluateModel } from '../train/evaluate.js';
import { sliceSplit } from '../train/splits.js';
import type { CliIo } from './io.js';
import { reportFailure } from './io.js';
import { percent } from './format.js';

export interface EvaluateFlags { data?: string; limit?: number; json: boolean; backend?: BackendName }

export async function evaluateCommand(modelDir: string, flags: EvaluateFlags, io: CliIo): Promise<number> {
  try {
    await selectBackend(flags.backend ? { prefer: flags.backend } : {});
    const { model, metadata } = await loadTfjsModel(resolve(modelDir));
    const location = resolveCifar10Dir({ ...(flags.data !== undefined && { option: flags.data }), cacheDir: defaultCacheDir() });
    if (!location) throw new EngineError('No CIFAR-10 data found.', 'Pass --data DIR (a cifar-10-batches-bin folder) or set LAYERLOOM_CIFAR10_DIR.');
    const data = await loadCifar10(location.dir);
    const test = flags.limit === undefined ? data.test : sliceSplit(data.test, 0, flags.limit);
    const result = evaluateModel(model, test, { outputsProbabilities: metadata?.outputsProbabilities ?? false, keepOutputs: flags.json });
    if (flags.json) {
      const outputs = result.outputs ?? new Float32Array();
      const classes = outputs.length / Math.max(result.count, 1);
      const rows = Array.from({ length: result.count }, (_, i) => Array.from(outputs.subarray(i * classes, (i + 1) * classes)));
      io.out(JSON.stringify({ type: 'logits', rows }));
      io.out(JSON.stringify({ type: 'result', testAcc: result.acc, testLoss: result.loss, count: result.count }));
    } else {
      io.out(`Test accuracy ${percent(result.acc)} on ${result.count} images (loss ${result.loss.toFixed(4)})`);
    }
    model.dispose();
    return 0;
  } catch (error) {
    return reportFailure(toErrorReply(error), flags.json, io);
  }
}
