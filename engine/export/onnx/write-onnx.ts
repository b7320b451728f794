import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '../../tf.js';
import { writeDirAtomically } from '../atomic-dir.js';
import { planInference } from '../inference-plan.js';
import { preprocessingFor } from '../layout.js';
import { portableWeights } from '../portable-weights.js';
import type { ModelMetadata } from '../tfjs.js';
import { INPUT_NAME, OUTPUT_NAME, onnxNodes } from './onnx-nodes.js';
import { IR_VERSION, modelProtoType, ONNX_FLOAT, OPSET } from './onnx-schema.js';

export const ONNX_FILE = 'model.onnx';

const tensorType = (dims: (number | string)[]) => ({
  tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } },
});

/** The .onnx file's bytes: the graph, the trained weights as initializers, and what a user must know in metadata_props. */
export function onnxModelBytes(model: tf.LayersModel, metadata: ModelMetadata): Uint8Array {
  const plan = planInference(metadata.graph);
  const { nodes, initializers } = onnxNodes(plan, portableWeights(model, plan));
  const output = plan.outputsProbabilities
    ? 'probabilities: the graph ends in Softmax, so `logits` holds class probabilities (softmax already applied)'
    : 'logits: raw class scores; apply softmax for probabilities';
  const [height, width, channels] = plan.imageShape;
  const preprocessing = preprocessingFor(plan.imageShape, 'NCHW', metadata.normalization);
  const props: Record<string, string> = {
    'layerloom.preprocessing': preprocessing,
    ...(metadata.input && { 'layerloom.fit': metadata.input.fit === 'crop' ? 'resize to cover the input size, centre-crop' : 'resize to fit inside the input size, pad with black' }),
    ...(metadata.normalization && { 'layerloom.normalization': JSON.stringify(metadata.normalization) }),
    'layerloom.output': output,
    'layerloom.class_names': JSON.stringify(metadata.classNames),
    'layerloom.test_accuracy': metadata.testAcc === null ? 'unknown' : String(metadata.testAcc),
    'layerloom.graph': JSON.stringify(metadata.graph),
  };
  const message = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'Layerloom',
    doc_string: `Image classifier (${metadata.classNames.join(', ')}) exported by Layerloom. Input \`${INPUT_NAME}\`: ${preprocessing}. Output \`${OUTPUT_NAME}\`: [N, ${plan.classes}] ${output}.`,
    graph: {
      name: 'layerloom',
      node: nodes,
      initializer: initializers,
      input: [{ name: INPUT_NAME, type: tensorType(['N', channels, height, width]) }],
      output: [{ name: OUTPUT_NAME, type: tensorType(['N', plan.classes]) }],
    },
    metadata_props: Object.entries(props).map(([key, value]) => ({ key, value })),
  };
  const type = modelProtoType();
  const problem = type.verify(message);
  if (problem) throw new Error(`Layerloom built an ONNX model that does not fit the schema: ${problem}`);
  return type.encode(type.fromObject(message)).finish();
}

/** Writes `dir/model.onnx` atomically; returns the written path. */
export async function saveOnnxModel(model: tf.LayersModel, dir: string, metadata: ModelMetadata): Promise<string[]> {
  const bytes = onnxModelBytes(model, metadata);
  await writeDirAtomically(dir, (temp) => writeFile(join(temp, ONNX_FILE), bytes));
  return [join(dir, ONNX_FILE)];
}
