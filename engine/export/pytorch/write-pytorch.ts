import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '../../tf.js';
import type { Graph } from '../../graph/types.js';
import { REFERENCE_TRAINING } from '../../project/schema.js';
import { writeDirAtomically } from '../atomic-dir.js';
import type { InferencePlan } from '../inference-plan.js';
import { planInference } from '../inference-plan.js';
import { portableWeights } from '../portable-weights.js';
import type { ModelMetadata } from '../tfjs.js';
import { nchwPreprocessing } from '../layout.js';
import { modelPySource } from './model-py.js';
import type { NpyArray } from './npy.js';
import { encodeNpz } from './npz.js';
import { predictPySource } from './predict-py.js';
import { pythonNames } from './python-names.js';
import { trainPySource } from './train-py.js';

export const PYTORCH_FILES = ['model.py', 'weights.npz', 'predict.py', 'train.py'] as const;

/** node id → the Python name of its layer in model.py (attribute) and forward() (variable). */
function attrsOf(plan: InferencePlan): Map<string, string> {
  return pythonNames([[plan.inputId, plan.inputName], ...plan.steps.map((s): [string, string] => [s.id, s.name])]);
}

/**
 * model.py for a graph, without weights: the module the export writes, which the benchmark
 * trains from PyTorch's own initial weights as the same graph's PyTorch twin.
 */
export function modelPyForGraph(graph: Graph, classNames: readonly string[] = []): { source: string; outputsProbabilities: boolean } {
  const plan = planInference(graph);
  return { source: modelPySource(plan, attrsOf(plan), classNames), outputsProbabilities: plan.outputsProbabilities };
}

/** The PyTorch export's files by name: module source, state_dict as .npz, and the two scripts. */
export function pytorchFiles(model: tf.LayersModel, metadata: ModelMetadata): Map<(typeof PYTORCH_FILES)[number], string | Uint8Array> {
  const plan = planInference(metadata.graph);
  const attrs = attrsOf(plan);
  const stateDict = new Map<string, NpyArray>();
  for (const [id, tensors] of portableWeights(model, plan)) {
    const attr = attrs.get(id) ?? id;
    for (const t of tensors) stateDict.set(`${attr}.${t.name}`, { dtype: 'float32', shape: t.shape, data: t.data });
    // BatchNorm modules also carry a batch counter; load_state_dict insists on every key.
    if (tensors.some((t) => t.name === 'running_mean')) stateDict.set(`${attr}.num_batches_tracked`, { dtype: 'int64', shape: [], data: new BigInt64Array(1) });
  }
  return new Map<(typeof PYTORCH_FILES)[number], string | Uint8Array>([
    ['model.py', modelPySource(plan, attrs, metadata.classNames, nchwPreprocessing(metadata, plan.imageShape))],
    ['weights.npz', encodeNpz(stateDict)],
    ['predict.py', predictPySource(metadata.normalization)],
    ['train.py', trainPySource(metadata.training ?? REFERENCE_TRAINING, plan.outputsProbabilities, metadata.normalization)],
  ]);
}

/** Writes the PyTorch export folder atomically; returns the written paths. */
export async function savePytorchModel(model: tf.LayersModel, dir: string, metadata: ModelMetadata): Promise<string[]> {
  const files = pytorchFiles(model, metadata);
  await writeDirAtomically(dir, async (temp) => {
    for (const [name, content] of files) await writeFile(join(temp, name), content);
  });
  return [...files.keys()].map((name) => join(dir, name));
}
