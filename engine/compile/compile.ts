import * as tf from '../tf.js';
import type { GraphAnalysis } from '../graph/analyze.js';
import { analyzeGraph } from '../graph/analyze.js';
import type { Graph, GraphIssue, GraphNode } from '../graph/types.js';
import type { Initializer } from '../project/schema.js';
import { inputShapeOf } from '../layers/input.js';
import { BUILDERS } from './builders.js';
import { derivedSeed } from '../data/rng.js';

/** Thrown when a graph with problems is compiled; carries every problem, not just the first. */
export class GraphInvalidError extends Error {
  readonly fix = 'Fix the problems marked on the nodes, then try again.';

  constructor(readonly issues: GraphIssue[]) {
    super(`The graph has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map((i) => `- ${i.nodeId ?? 'graph'}: ${i.message} ${i.fix}`).join('\n')}`);
    this.name = 'GraphInvalidError';
  }
}

export interface CompiledModel {
  model: tf.LayersModel;
  analysis: GraphAnalysis;
  /** True when a Softmax feeds Output, so the model yields probabilities rather than logits. */
  outputsProbabilities: boolean;
  /** node id → TF.js layer name, for exporters that map weights back to nodes. */
  layerNames: Map<string, string>;
}

/** TF.js layer names allow a narrower alphabet than node ids; keep them readable and unique. */
export function layerNameFor(nodeId: string): string {
  return nodeId.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Builds a functional TF.js model (so branches and skips work) from a valid graph. */
export function compileGraph(graph: Graph, options: { seed?: number | null; initializer?: Initializer } = {}): CompiledModel {
  const analysis = analyzeGraph(graph);
  if (!analysis.valid) throw new GraphInvalidError(analysis.issues);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sources = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  const targets = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    sources.get(e.target)?.push(e.source);
    targets.get(e.source)?.push(e.target);
  }
  const folded = foldedRelus(graph.nodes, targets);

  const layerNames = uniqueLayerNames(graph.nodes);
  const outputs = new Map<string, tf.SymbolicTensor>();
  let inputTensor: tf.SymbolicTensor | undefined;
  let result: tf.SymbolicTensor | undefined;
  let outputsProbabilities = false;
  analysis.order.forEach((id, index) => {
    const node = byId.get(id) as GraphNode;
    const name = layerNames.get(id) as string;
    const inputs = (sources.get(id) ?? []).map((s) => outputs.get(s) as tf.SymbolicTensor);
    if (node.kind === 'input') {
      inputTensor = tf.input({ shape: inputShapeOf(analysis.nodes.get(id)?.params ?? {}), name });
      outputs.set(id, inputTensor);
    } else if (node.kind === 'output') {
      result = inputs[0];
      outputsProbabilities = byId.get(sources.get(id)?.[0] ?? '')?.kind === 'softmax';
    } else if (folded.has(id)) {
      outputs.set(id, inputs[0] as tf.SymbolicTensor);
    } else {
      // Hashed, not seed + index: with seed + index, runs with seeds 0 and 2 shared most layers' initial streams.
      const seed = options.seed === undefined || options.seed === null ? undefined : derivedSeed(options.seed, index) % 2 ** 31;
      const params = analysis.nodes.get(id)?.params ?? {};
      const inputShapes = (sources.get(id) ?? []).map((s) => analysis.nodes.get(s)?.outputShape ?? []);
      const next = targets.get(id) ?? [];
      const reluNext = next.length === 1 && byId.get(next[0] as string)?.kind === 'relu';
      const activation = folded.has(next[0] ?? '') || (node.kind === 'batchnorm' && reluNext) ? 'relu' as const : undefined;
      outputs.set(id, BUILDERS[node.kind]({ name, params, seed, initializer: options.initializer ?? 'glorot', inputShapes, ...(activation && { activation }) }, inputs));
    }
  });
  if (!inputTensor || !result) throw new GraphInvalidError(analysis.issues);
  const model = tf.model({ inputs: inputTensor, outputs: result, name: 'layerloom' });
  return { model, analysis, outputsProbabilities, layerNames };
}

/**
 * ReLU nodes that become their Conv2D's or Dense's own activation. Same numbers; a Conv2D then
 * trains through one fused kernel with the ReLU inside (conv-layer.ts), and a Dense takes
 * TF.js's unfused gradient path, which skips input gradients nobody uses.
 */
function foldedRelus(nodes: readonly GraphNode[], targets: Map<string, string[]>): Set<string> {
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  const folded = new Set<string>();
  for (const node of nodes) {
    const next = targets.get(node.id) ?? [];
    if ((node.kind === 'conv2d' || node.kind === 'dense') && next.length === 1 && kind.get(next[0] as string) === 'relu') folded.add(next[0] as string);
  }
  return folded;
}

/** node id → TF.js layer name; exporters call it again on a saved graph to find each node's weights. */
export function uniqueLayerNames(nodes: readonly GraphNode[]): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const node of nodes) {
    const base = layerNameFor(node.id) || node.kind;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names.set(node.id, name);
  }
  return names;
}
