import type * as tf from '../tf.js';
import type { ExportFormat } from '../host/contract.js';
import { saveOnnxModel } from './onnx/write-onnx.js';
import { savePytorchModel } from './pytorch/write-pytorch.js';
import type { ModelMetadata } from './tfjs.js';
import { saveTfjsModel } from './tfjs.js';

/**
 * Writes a trained model as a folder in one format: `tfjs` (model.json + shards), `onnx`
 * (model.onnx) or `pytorch` (model.py, weights.npz, predict.py, train.py). Each folder is written
 * under a temporary name and renamed into place. Returns the written paths.
 */
export function exportModel(format: ExportFormat, model: tf.LayersModel, outDir: string, metadata: ModelMetadata): Promise<string[]> {
  switch (format) {
    case 'tfjs': return saveTfjsModel(model, outDir, metadata);
    case 'onnx': return saveOnnxModel(model, outDir, metadata);
    case 'pytorch': return savePytorchModel(model, outDir, metadata);
  }
}
