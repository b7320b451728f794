import { resolve } from 'node:path';
import { selectBackend } from '../backend/index.js';
import { ExportError } from '../export/atomic-dir.js';
import { exportModel } from '../export/export-model.js';
import { loadTfjsModel } from '../export/tfjs.js';
import type { ExportFormat } from '../host/contract.js';
import { toErrorReply } from '../host/errors.js';
import type { CliIo } from './io.js';
import { reportFailure } from './io.js';

export interface ExportFlags { format: ExportFormat; out: string; json: boolean }

/** Re-exports a saved TF.js model folder (from `train --out` or the app) in another format. */
export async function exportCommand(modelDir: string, flags: ExportFlags, io: CliIo): Promise<number> {
  try {
    await selectBackend();
    const { model, metadata } = await loadTfjsModel(resolve(modelDir));
    if (!metadata) {
      throw new ExportError(`${modelDir} has no Layerloom metadata, so its graph is unknown.`, 'Pass a model folder written by `layerloom train --out` or the app\'s Export button.');
    }
    const paths = await exportModel(flags.format, model, resolve(flags.out), metadata);
    model.dispose();
    if (flags.json) io.out(JSON.stringify({ type: 'exported', format: flags.format, paths }));
    else io.out(`Exported ${flags.format}:\n${paths.map((p) => `  ${p}`).join('\n')}`);
    return 0;
  } catch (error) {
    return reportFailure(toErrorReply(error), flags.json, io);
  }
}
