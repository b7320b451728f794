import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '../tf.js';
import type { Graph } from '../graph/types.js';
import type { TrainingConfig } from '../project/schema.js';
import type { Normalization } from '../data/normalization.js';
import { ExportError, writeDirAtomically } from './atomic-dir.js';

/** What travels with a trained model so other exporters and the CLI can rebuild its context. */
export interface ModelMetadata {
  graph: Graph;
  classNames: string[];
  outputsProbabilities: boolean;
  /** How inputs must be prepared; stated so other runtimes can reproduce it. */
  preprocessing: string;
  /** The numbers behind `preprocessing` (absent in exports from before per-channel normalization: symmetric). */
  normalization?: Normalization;
  testAcc: number | null;
  /** The settings the model was trained with; exports that can train again (PyTorch train.py) reuse them. */
  training?: TrainingConfig;
  /** Image size the model takes and how other images were fitted to it; absent for CIFAR-10 (32×32×3, no resizing). */
  input?: { height: number; width: number; channels: number; fit: 'crop' | 'pad' };
}

export const PREPROCESSING = 'RGB pixels x in 0..255 → (x/255 − 0.5)/0.5, NHWC float32 [N, 32, 32, 3]';
const SHARD_BYTES = 4 * 1024 * 1024;

export const METADATA_FILE = 'metadata.json';

/**
 * metadata.json beside model.json (as Teachable Machine's TF.js exports have it): what a web page
 * needs to use the model without reading Layerloom's graph: labels in output order, input size, scaling.
 */
export function modelMetadataJson(model: tf.LayersModel, metadata: ModelMetadata): object {
  const [, height, width, channels] = model.inputs[0]?.shape ?? [];
  return {
    producer: 'Layerloom',
    labels: metadata.classNames,
    imageSize: { height, width, channels },
    inputLayout: 'NHWC',
    preprocessing: metadata.preprocessing,
    ...(metadata.input && { fit: metadata.input.fit }),
    output: metadata.outputsProbabilities ? 'probabilities' : 'logits',
    testAccuracy: metadata.testAcc,
  };
}

/** TF.js layers format (model.json + weight shards), loadable with tf.loadLayersModel. Returns the written paths. */
export async function saveTfjsModel(model: tf.LayersModel, dir: string, metadata: ModelMetadata): Promise<string[]> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { includeOptimizer: false });
  if (!artifacts?.weightSpecs || artifacts.weightData === undefined) throw new ExportError('The model produced no weights to save.', 'Train the model before exporting it.');
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const shardCount = Math.max(1, Math.ceil(weights.byteLength / SHARD_BYTES));
  const shardNames = Array.from({ length: shardCount }, (_, i) => `group1-shard${i + 1}of${shardCount}.bin`);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'Layerloom',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: shardNames, weights: artifacts.weightSpecs }],
    userDefinedMetadata: { layerloom: metadata },
  };
  await writeDirAtomically(dir, async (temp) => {
    await writeFile(join(temp, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(temp, METADATA_FILE), `${JSON.stringify(modelMetadataJson(model, metadata), null, 2)}\n`);
    for (const [i, name] of shardNames.entries()) {
      await writeFile(join(temp, name), weights.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES));
    }
  });
  return [join(dir, 'model.json'), join(dir, METADATA_FILE), ...shardNames.map((n) => join(dir, n))];
}

export async function loadTfjsModel(dir: string): Promise<{ model: tf.LayersModel; metadata: ModelMetadata | null }> {
  const file = join(dir, 'model.json');
  let json: {
    modelTopology?: object; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: { layerloom?: ModelMetadata };
  };
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ExportError(missing ? `${file} does not exist.` : `${file} is not valid JSON: ${(error as Error).message}`,
      'Pass the folder that `layerloom train --out` or the Export button wrote.');
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ExportError(`${file} is not a TF.js layers model (no modelTopology or weightsManifest).`, 'Pass a folder exported in TF.js layers format.');
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers: Uint8Array[] = [];
  for (const path of json.weightsManifest.flatMap((g) => g.paths)) {
    try {
      buffers.push(await readFile(join(dir, path)));
    } catch {
      throw new ExportError(`Weight file ${join(dir, path)} is missing.`, 'Copy the whole export folder, not just model.json.');
    }
  }
  const joined = Buffer.concat(buffers);
  // A small Buffer may sit inside Node's shared pool: hand TF.js exactly its own bytes.
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  return { model, metadata: json.userDefinedMetadata?.layerloom ?? null };
}
