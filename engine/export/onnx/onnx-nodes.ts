import { num, str } from '../../layers/definition.js';
import type { InferencePlan, PlanStep } from '../inference-plan.js';
import { flattenNeedsNhwc, spatialPads } from '../layout.js';
import type { PortableTensor } from '../portable-weights.js';
import { ATTR, ONNX_FLOAT } from './onnx-schema.js';

/** Plain objects in the shape of the ONNX messages; protobufjs checks and encodes them. */
export interface OnnxAttribute { name: string; type: number; f?: number; i?: number; ints?: number[] }
export interface OnnxNode { name: string; op_type: string; input: string[]; output: string[]; attribute: OnnxAttribute[] }
export interface OnnxTensor { name: string; dims: number[]; data_type: number; raw_data: Uint8Array }

export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'logits';

const ints = (name: string, value: number[]): OnnxAttribute => ({ name, type: ATTR.INTS, ints: value });
const int = (name: string, value: number): OnnxAttribute => ({ name, type: ATTR.INT, i: value });
const float = (name: string, value: number): OnnxAttribute => ({ name, type: ATTR.FLOAT, f: value });

/** ONNX float tensors are stored little-endian whatever machine writes them. */
function rawFloats(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/**
 * The ONNX graph body: every tensor stays NCHW from `input` to `logits`, each Layerloom layer
 * becomes one operator named after its TF.js layer (Flatten becomes two, see below), Dropout
 * vanishes (inference only), and the result is renamed `logits` by a final Identity.
 */
export function onnxNodes(plan: InferencePlan, weights: Map<string, PortableTensor[]>): { nodes: OnnxNode[]; initializers: OnnxTensor[] } {
  const tensorOf = new Map<string, string>([[plan.inputId, INPUT_NAME]]);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const reserved = new Set([INPUT_NAME, OUTPUT_NAME]);

  for (const step of plan.steps) {
    const inputs = step.inputs.map((id) => tensorOf.get(id) ?? id);
    if (step.kind === 'dropout') {
      tensorOf.set(step.id, inputs[0] ?? '');
      continue;
    }
    const out = reserved.has(step.name) ? `${step.name}_out` : step.name;
    tensorOf.set(step.id, out);
    const weightNames = (weights.get(step.id) ?? []).map((w) => {
      const name = `${step.name}.${w.name}`;
      initializers.push({ name, dims: w.shape, data_type: ONNX_FLOAT, raw_data: rawFloats(w.data) });
      return name;
    });
    const node = (op: string, attribute: OnnxAttribute[] = [], input = inputs, output = out): OnnxNode => ({ name: step.name, op_type: op, input, output: [output], attribute });
    nodes.push(...layerNodes(step, inputs, weightNames, out, node));
  }
  const result = tensorOf.get(plan.resultId) ?? plan.resultId;
  nodes.push({ name: OUTPUT_NAME, op_type: 'Identity', input: [result], output: [OUTPUT_NAME], attribute: [] });
  return { nodes, initializers };
}

type MakeNode = (op: string, attribute?: OnnxAttribute[], input?: string[], output?: string) => OnnxNode;

function layerNodes(step: PlanStep, inputs: string[], weightNames: string[], out: string, node: MakeNode): OnnxNode[] {
  const { params } = step;
  // ONNX pads are [top, left, bottom, right]; TF 'same' puts an odd pixel at the bottom/right.
  const windowAttrs = (window: number) => {
    const [top, bottom, left, right] = spatialPads(str(params, 'padding'), step.inputShape, window, num(params, 'strides'));
    return [ints('kernel_shape', [window, window]), ints('strides', [num(params, 'strides'), num(params, 'strides')]), ints('pads', [top, left, bottom, right])];
  };
  switch (step.kind) {
    case 'conv2d':
      return [node('Conv', windowAttrs(num(params, 'kernelSize')), [...inputs, ...weightNames])];
    case 'maxpool2d':
      return [node('MaxPool', windowAttrs(num(params, 'poolSize')))];
    case 'avgpool2d':
      // TF averages only the real pixels under a window at a padded edge.
      return [node('AveragePool', [...windowAttrs(num(params, 'poolSize')), int('count_include_pad', 0)])];
    case 'dense':
      return [node('Gemm', [int('transB', 1)], [...inputs, ...weightNames])];
    case 'batchnorm':
      return [node('BatchNormalization', [float('epsilon', num(params, 'epsilon'))], [...inputs, ...weightNames])];
    case 'relu': return [node('Relu')];
    case 'sigmoid': return [node('Sigmoid')];
    case 'tanh': return [node('Tanh')];
    case 'leakyrelu': return [node('LeakyRelu', [float('alpha', num(params, 'alpha'))])];
    // Axis 1 is the channels of an NCHW image and the features of a vector: TF.js's last axis.
    case 'softmax': return [node('Softmax', [int('axis', 1)])];
    case 'concat': return [node('Concat', [int('axis', 1)])];
    case 'add': return [node(inputs.length === 2 ? 'Add' : 'Sum')];
    case 'flatten': {
      if (!flattenNeedsNhwc(step.inputShape)) return [node('Flatten', [int('axis', 1)])];
      // TF.js unrolls height, width, channels; back to NHWC first so the next Dense's weights line up.
      const nhwc = `${out}_nhwc`;
      return [node('Transpose', [ints('perm', [0, 2, 3, 1])], inputs, nhwc), { ...node('Flatten', [int('axis', 1)], [nhwc]), name: `${step.name}_flatten` }];
    }
    case 'dropout':
      return [];
  }
}
