import { inputShapeOf } from '../layers/input.js';
import { classCountOf } from '../layers/output.js';
import { analyzeGraph } from './analyze.js';
import type { Graph, GraphIssue, GraphNode } from './types.js';

/** What a graph must agree with to train on a dataset. */
export interface DatasetSignature {
  shape: { height: number; width: number; channels: number };
  classNames: readonly string[];
}

/** Layers between the final Dense and Output that keep the class count (so the Dense still sets it). */
const PASS_THROUGH = new Set<GraphNode['kind']>(['softmax', 'dropout', 'relu', 'leakyrelu', 'sigmoid', 'tanh', 'batchnorm']);

const describe = (s: DatasetSignature['shape']) => `${s.height}×${s.width}×${s.channels}`;

/** Where the graph's Input size or Output class count differs from the dataset's, phrased with the fix. */
export function datasetMismatches(graph: Graph, dataset: DatasetSignature): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const inputNode = graph.nodes.find((n) => n.kind === 'input');
  const outputNode = graph.nodes.find((n) => n.kind === 'output');
  if (inputNode) {
    const [height, width, channels] = inputShapeOf(inputNode.params);
    const want = dataset.shape;
    if (height !== want.height || width !== want.width || channels !== want.channels) {
      issues.push({ nodeId: inputNode.id, code: 'dataset-mismatch', message: `Input takes ${height}×${width}×${channels} images; this dataset has ${describe(want)}.`,
        fix: `Set Input to ${want.height}×${want.width}×${want.channels} (or import the dataset at ${height}×${width}).` });
    }
  }
  if (outputNode && classCountOf(outputNode.params) !== dataset.classNames.length) {
    issues.push({ nodeId: outputNode.id, code: 'dataset-mismatch', message: `Output expects ${classCountOf(outputNode.params)} classes; this dataset has ${dataset.classNames.length} (${dataset.classNames.join(', ')}).`,
      fix: `Set Classes on Output and Units on the Dense before it to ${dataset.classNames.length}.` });
  }
  return issues;
}

/**
 * The graph made to fit the dataset where that is unambiguous: Input's size, Output's class count,
 * and the Dense that feeds Output (through activations, Dropout or Softmax) to the class count.
 * Returns what changed, in words, so the app and CLI can say so.
 */
export function adaptGraphToDataset(graph: Graph, dataset: DatasetSignature): { graph: Graph; changes: string[] } {
  const changes: string[] = [];
  const classes = dataset.classNames.length;
  const { height, width, channels } = dataset.shape;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sourceOf = (id: string) => graph.edges.find((e) => e.target === id)?.source;
  const outputNode = graph.nodes.find((n) => n.kind === 'output');
  let finalDense: string | undefined;
  for (let id = outputNode && sourceOf(outputNode.id); id !== undefined; id = sourceOf(id)) {
    const node = byId.get(id);
    if (node?.kind === 'dense') { finalDense = id; break; }
    if (!node || !PASS_THROUGH.has(node.kind)) break;
  }
  const nodes = graph.nodes.map((node): GraphNode => {
    if (node.kind === 'input') {
      const before = inputShapeOf(node.params);
      if (before[0] === height && before[1] === width && before[2] === channels) return node;
      changes.push(`Input ${before.join('×')} → ${height}×${width}×${channels}`);
      return { ...node, params: { ...node.params, height, width, channels } };
    }
    if (node.kind === 'output') {
      const before = classCountOf(node.params);
      if (before === classes && node.params['classes'] === classes) return node;
      if (before !== classes) changes.push(`Output ${before} → ${classes} classes`);
      return { ...node, params: { ...node.params, classes } };
    }
    if (node.id === finalDense && node.params['units'] !== classes) {
      changes.push(`Dense before Output ${String(node.params['units'] ?? 10)} → ${classes} units`);
      return { ...node, params: { ...node.params, units: classes } };
    }
    return node;
  });
  return adaptGlobalPools(graph, { ...graph, nodes }, changes);
}

/**
 * A pool whose window covered its whole (square) input before is a global pool: it keeps that
 * role at the new size where a square window still fits (ResNet-mini's 8×8 becomes 7×7 at 28×28).
 */
function adaptGlobalPools(before: Graph, after: Graph, changes: string[]): { graph: Graph; changes: string[] } {
  const old = analyzeGraph(before);
  const now = analyzeGraph(after);
  const inputShape = (analysis: typeof old, id: string) => {
    const source = after.edges.find((e) => e.target === id)?.source;
    return source === undefined ? null : analysis.nodes.get(source)?.outputShape ?? null;
  };
  const nodes = after.nodes.map((node) => {
    if (node.kind !== 'avgpool2d' && node.kind !== 'maxpool2d') return node;
    const params = old.nodes.get(node.id)?.params ?? {};
    const was = inputShape(old, node.id);
    const is = inputShape(now, node.id);
    const size = params['poolSize'];
    const global = was !== null && was[0] === size && was[1] === size && params['strides'] === size && params['padding'] === 'valid';
    if (!global || is === null || is[0] !== is[1] || is[0] === size || (is[0] ?? 0) > 8 || (is[0] ?? 0) < 1) return node;
    changes.push(`global pool ${String(size)}×${String(size)} → ${is[0]}×${is[0]}`);
    return { ...node, params: { ...node.params, poolSize: is[0] as number, strides: is[0] as number } };
  });
  return { graph: { ...after, nodes }, changes };
}
