import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../tf.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import type { Graph, NodeKind, Params } from '../graph/types.js';
import { exportModel } from './export-model.js';
import { hwioToOihw, nhwcToNchw, padsFor, transpose2d } from './layout.js';
import { modelProtoType } from './onnx/onnx-schema.js';
import { runOnnx } from './onnx/run-onnx.js';
import { findTorchPython, runPredictPy } from './pytorch/run-predict.js';
import { maxAbsDiff, tfjsOutputs } from './compare.js';
import { randomizeWeights } from './test-support.js';
import type { ModelMetadata } from './tfjs.js';
import { PREPROCESSING } from './tfjs.js';

// The NHWC/NCHW traps, each in a net built to spring it, with random weights everywhere
// (biases and BatchNorm statistics too) so any misplaced value changes the outputs.
const TOLERANCE = 1e-4;
const COUNT = 4;
const torch = findTorchPython();
if (!torch.ok) console.warn(`PyTorch layout tests skipped: ${torch.reason}`);

type Spec = [id: string, kind: NodeKind, params?: Params, inputs?: string[]];
/** A graph from [id, kind, params, inputs] rows; a row without inputs follows the row above it. */
function graphOf(rows: Spec[]): Graph {
  const edges: Graph['edges'] = [];
  rows.forEach(([id, , , inputs], i) => {
    for (const source of inputs ?? (i > 0 ? [rows[i - 1]?.[0] as string] : [])) edges.push({ id: `${source}->${id}`, source, target: id });
  });
  return { nodes: rows.map(([id, kind, params = {}], i) => ({ id, kind, params, position: { x: 0, y: i * 80 } })), edges };
}

const conv = (filters: number, kernelSize: number, strides = 1, padding = 'same'): Params => ({ filters, kernelSize, strides, padding, useBias: true });

let root: string;
beforeAll(async () => {
  await selectBackend();
  root = await mkdtemp(join(tmpdir(), 'layerloom-layout-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('layout conversions', () => {
  it("TF 'same' padding puts the odd pixel after, and none for 'valid'", () => {
    expect(padsFor('same', 32, 3, 2)).toEqual([0, 1]);
    expect(padsFor('same', 32, 3, 1)).toEqual([1, 1]);
    expect(padsFor('same', 32, 2, 1)).toEqual([0, 1]);
    expect(padsFor('same', 32, 4, 2)).toEqual([1, 1]);
    expect(padsFor('same', 5, 1, 3)).toEqual([0, 0]);
    expect(padsFor('valid', 32, 5, 1)).toEqual([0, 0]);
  });

  it('moves HWIO kernels to OIHW and [in, out] matrices to [out, in]', () => {
    // kernel[y][x][i][o] = 1000y + 100x + 10i + o, so every value says where it came from.
    const [kh, kw, ci, co] = [2, 3, 2, 4];
    const hwio = new Float32Array(kh * kw * ci * co);
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) hwio[((y * kw + x) * ci + i) * co + o] = 1000 * y + 100 * x + 10 * i + o;
    const oihw = hwioToOihw(hwio, [kh, kw, ci, co]);
    expect(oihw[((3 * ci + 1) * kh + 1) * kw + 2]).toBe(1000 + 200 + 10 + 3);
    expect(Array.from(transpose2d(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

const CASES: [string, Graph][] = [
  ['Flatten of a multi-channel image into Dense (TF.js flattens height, width, channel)', graphOf([
    ['input', 'input'], ['conv', 'conv2d', conv(5, 3, 2)], ['flatten', 'flatten'], ['fc', 'dense', { units: 10, useBias: true }], ['output', 'output'],
  ])],
  ["'same' padding with stride 2 and even kernels, where TF pads only the bottom/right", graphOf([
    ['input', 'input'],
    ['conv_s2', 'conv2d', conv(6, 3, 2)], // 32 → 16, pads 0/1
    ['conv_k2', 'conv2d', conv(6, 2, 1)], // even kernel, pads 0/1
    ['max_s2', 'maxpool2d', { poolSize: 3, strides: 2, padding: 'same' }], // 16 → 8, pads 0/1
    ['avg_s2', 'avgpool2d', { poolSize: 3, strides: 2, padding: 'same' }], // 8 → 4, pads 0/1, averages real pixels only
    ['avg_same', 'avgpool2d', { poolSize: 3, strides: 1, padding: 'same' }], // pads 1/1
    ['flatten', 'flatten'], ['fc', 'dense', { units: 10, useBias: true }], ['output', 'output'],
  ])],
  ['every layer kind, with branches, a three-way Add, Concat order and a Softmax ending', graphOf([
    ['input', 'input'],
    ['stem', 'conv2d', conv(8, 3, 2)],
    ['stem_bn', 'batchnorm', { momentum: 0.9, epsilon: 0.001 }],
    ['stem_act', 'leakyrelu', { alpha: 0.2 }],
    ['pool', 'maxpool2d', { poolSize: 2, strides: 2, padding: 'valid' }],
    ['left', 'conv2d', conv(3, 1), ['pool']], ['left_act', 'sigmoid'],
    ['right', 'conv2d', conv(5, 3), ['pool']], ['right_act', 'tanh'],
    ['joined', 'concat', {}, ['right_act', 'left_act']], // right first: channel order follows the edges
    ['skip', 'conv2d', { ...conv(8, 1), useBias: false }, ['pool']],
    ['sum', 'add', {}, ['joined', 'pool', 'skip']],
    ['relu', 'relu'],
    ['avg', 'avgpool2d', { poolSize: 2, strides: 2, padding: 'valid' }],
    ['flatten', 'flatten'],
    ['fc1', 'dense', { units: 24, useBias: false }],
    ['fc1_bn', 'batchnorm', { momentum: 0.99, epsilon: 0.01 }],
    ['drop', 'dropout', { rate: 0.5 }],
    ['fc2', 'dense', { units: 10, useBias: true }],
    ['softmax', 'softmax'],
    ['output', 'output'],
  ])],
];

describe.each(CASES.map(([title, graph], i) => [title, graph, `case-${i}`] as const))('%s', (_title, graph, name) => {
  let model: tf.LayersModel;
  let metadata: ModelMetadata;
  let expected: Float32Array;
  let nchw: Float32Array;
  beforeAll(() => {
    const compiled = compileGraph(graph, { seed: 3 });
    model = compiled.model;
    randomizeWeights(model, 11);
    const x = tf.randomUniform([COUNT, 32, 32, 3], -1, 1, 'float32', 5);
    const nhwc = new Float32Array(x.dataSync());
    x.dispose();
    expected = tfjsOutputs(model, nhwc, COUNT);
    nchw = nhwcToNchw(nhwc, [COUNT, 32, 32, 3]);
    metadata = { graph, classNames: [], outputsProbabilities: compiled.outputsProbabilities, preprocessing: PREPROCESSING, testAcc: null };
  });
  afterAll(() => model.dispose());

  it('ONNX Runtime matches TF.js', async () => {
    const [file] = await exportModel('onnx', model, join(root, name, 'onnx'), metadata);
    expect(maxAbsDiff(await runOnnx(file as string, nchw, COUNT), expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.skipIf(!torch.ok)('PyTorch predict.py matches TF.js', async () => {
    const dir = join(root, name, 'pytorch');
    await exportModel('pytorch', model, dir, metadata);
    expect(maxAbsDiff(await runPredictPy((torch as { python: string }).python, dir, nchw, COUNT), expected)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('what the every-kind export says about itself', () => {
  const graph = (CASES[2] as [string, Graph])[1];
  let model: tf.LayersModel;
  beforeAll(() => { model = compileGraph(graph, { seed: 3 }).model; });
  afterAll(() => model.dispose());
  const metadata = () => ({ graph, classNames: [], outputsProbabilities: true, preprocessing: PREPROCESSING, testAcc: null });

  it('ONNX metadata says a Softmax ending yields probabilities under the name logits', async () => {
    const [file] = await exportModel('onnx', model, join(root, 'meta', 'onnx'), metadata());
    const decoded = modelProtoType().toObject(modelProtoType().decode(await readFile(file as string))) as { metadata_props: { key: string; value: string }[] };
    expect(decoded.metadata_props.find((p) => p.key === 'layerloom.output')?.value).toMatch(/^probabilities: the graph ends in Softmax/);
  });

  it('model.py reads like hand-written PyTorch, with the TF differences made explicit', async () => {
    const [source] = await exportModel('pytorch', model, join(root, 'meta', 'pytorch'), metadata());
    const text = await readFile(source as string, 'utf8');
    expect(text).toContain('self.stem = nn.Conv2d(3, 8, kernel_size=3, stride=2)');
    expect(text).toContain('x = self.stem(F.pad(x, (0, 1, 0, 1)))');
    expect(text).toContain('joined = torch.cat([right_act, left_act], dim=1)');
    expect(text).toContain('x = joined + pool + skip');
    expect(text).toContain('self.skip = nn.Conv2d(8, 8, kernel_size=1, bias=False)');
    expect(text).toContain('self.fc1_bn = nn.BatchNorm1d(24, eps=0.01, momentum=0.01)');
    expect(text).toContain('x = self.flatten(x.permute(0, 2, 3, 1))');
    expect(text).toContain('[N, 10] class probabilities (the graph ends in Softmax)');
  });
});
