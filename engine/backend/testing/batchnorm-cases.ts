// Shared pieces of the BatchNorm tests: geometries (edges included: one row, one channel,
// odd channel counts, rows not a multiple of the kernels' chunking) and a graph holding
// every layer kind whose fast path is BatchNorm's or sits next to it.
import type { Graph } from '../../graph/types.js';
import { chain, withEdge } from '../../graph/test-graphs.js';
import { pseudoRandom } from './util.js';

export interface BatchNormCase {
  label: string;
  rows: number;
  channels: number;
  /** Added to every x: a large common offset must not cancel the variance away. */
  offset: number;
}

export const BATCHNORM_CASES: BatchNormCase[] = [
  { label: '1 row × 1 channel', rows: 1, channels: 1, offset: 0 },
  { label: '7 rows × 3 channels', rows: 7, channels: 3, offset: 0 },
  { label: '300 × 8', rows: 300, channels: 8, offset: 0.5 },
  { label: '4097 × 16 (ResNet-mini-like)', rows: 4097, channels: 16, offset: 0 },
  { label: '1000 × 33, offset 100', rows: 1000, channels: 33, offset: 100 },
  { label: '65 × 64', rows: 65, channels: 64, offset: -2 },
];

/** x with per-channel scale so channels differ in spread, plus the case's offset. */
export function batchNormInput(c: BatchNormCase, seed: number): Float32Array {
  return pseudoRandom(c.rows * c.channels, seed).map((v, i) => v * (1 + (i % c.channels) * 0.25) + c.offset);
}

/**
 * input → conv → BatchNorm → ReLU → (LeakyReLU | conv 1×1 → Sigmoid) → Concat → conv →
 * BatchNorm → Tanh → Add (skip from the Concat) → MaxPool → Dropout (rate 0) → Flatten →
 * Dense → BatchNorm (rank 2) → Dense → Softmax → output.
 */
export function everyKindGraph(): Graph {
  const main = chain(
    ['in', 'input'],
    ['c1', 'conv2d', { filters: 4, kernelSize: 3, padding: 'same', strides: 1, useBias: true }],
    ['bn1', 'batchnorm', { momentum: 0.9, epsilon: 0.001 }],
    ['r1', 'relu'],
    ['leaky', 'leakyrelu', { alpha: 0.2 }],
    ['cat', 'concat'],
    ['c2', 'conv2d', { filters: 8, kernelSize: 3, padding: 'same', strides: 2, useBias: false }],
    ['bn2', 'batchnorm', { momentum: 0.5, epsilon: 0.01 }],
    ['th', 'tanh'],
    ['sum', 'add'],
    ['pool', 'maxpool2d', { poolSize: 2, strides: 2, padding: 'valid' }],
    ['drop', 'dropout', { rate: 0 }],
    ['flat', 'flatten'],
    ['d1', 'dense', { units: 16, useBias: true }],
    ['bn3', 'batchnorm', { momentum: 0.99, epsilon: 0.001 }],
    ['d2', 'dense', { units: 10, useBias: true }],
    ['sm', 'softmax'],
    ['out', 'output'],
  );
  // The side branch r1 → conv 1×1 → Sigmoid → Concat, and the skip: a strided 1×1 conv of
  // the Concat, so the Add's inputs have the same shape.
  const nodes = [
    ...main.nodes,
    { id: 'c1x1', kind: 'conv2d' as const, params: { filters: 4, kernelSize: 1, padding: 'valid', strides: 1, useBias: true }, position: { x: 200, y: 0 } },
    { id: 'sig', kind: 'sigmoid' as const, params: {}, position: { x: 200, y: 80 } },
    { id: 'skip', kind: 'conv2d' as const, params: { filters: 8, kernelSize: 1, padding: 'valid', strides: 2, useBias: false }, position: { x: 200, y: 160 } },
  ];
  let g: Graph = { nodes, edges: main.edges };
  for (const [s, t] of [['r1', 'c1x1'], ['c1x1', 'sig'], ['sig', 'cat'], ['cat', 'skip'], ['skip', 'sum']] as const) g = withEdge(g, s, t);
  return g;
}
