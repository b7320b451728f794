import { uniqueLayerNames } from '../compile/compile.js';
import { analyzeGraph } from '../graph/analyze.js';
import type { Graph, NodeKind, Params, Shape } from '../graph/types.js';
import { ExportError } from './atomic-dir.js';

export type LayerKind = Exclude<NodeKind, 'input' | 'output'>;

/** One layer of the trained net, in the order TF.js runs it. Shapes are TF.js's (NHWC, no batch). */
export interface PlanStep {
  id: string;
  kind: LayerKind;
  /** The TF.js layer name, which also names the layer in ONNX and PyTorch. */
  name: string;
  params: Params;
  /** Node ids feeding this step, in edge order: the order TF.js gives Add and Concat their inputs. */
  inputs: string[];
  inputShape: Shape;
  outputShape: Shape;
}

/** What the ONNX and PyTorch writers need from a graph, worked out once so both agree. */
export interface InferencePlan {
  inputId: string;
  inputName: string;
  steps: PlanStep[];
  /** The node whose result is the model output (the one feeding Output). */
  resultId: string;
  /** True when Softmax feeds Output: the model yields probabilities, not logits. */
  outputsProbabilities: boolean;
  /** How many steps read each node's result (Output counts as a reader). */
  readers: Map<string, number>;
  /** [height, width, channels] the Input takes (NHWC, no batch). */
  imageShape: [number, number, number];
  /** Class scores the model gives per image. */
  classes: number;
}

export function planInference(graph: Graph): InferencePlan {
  const analysis = analyzeGraph(graph);
  if (!analysis.valid) {
    throw new ExportError(`The saved graph has problems: ${analysis.issues.map((i) => i.message).join(' ')}`,
      'Open the project, fix the marked nodes, train again and export the new model.');
  }
  const names = uniqueLayerNames(graph.nodes);
  const sources = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) sources.get(e.target)?.push(e.source);
  const readers = new Map<string, number>();
  for (const e of graph.edges) readers.set(e.source, (readers.get(e.source) ?? 0) + 1);

  const steps: PlanStep[] = [];
  let inputId: string | undefined;
  let resultId: string | undefined;
  for (const id of analysis.order) {
    const node = analysis.nodes.get(id);
    if (!node) continue;
    const inputs = sources.get(id) ?? [];
    if (node.kind === 'input') inputId = id;
    else if (node.kind === 'output') resultId = inputs[0];
    else {
      steps.push({
        id, kind: node.kind, name: names.get(id) ?? id, params: node.params, inputs,
        inputShape: analysis.nodes.get(inputs[0] ?? '')?.outputShape ?? [], outputShape: node.outputShape ?? [],
      });
    }
  }
  if (inputId === undefined || resultId === undefined) {
    throw new ExportError('The saved graph has no Input or no Output.', 'Export a model trained from a complete graph.');
  }
  const outputsProbabilities = analysis.nodes.get(resultId)?.kind === 'softmax';
  const [height, width, channels] = analysis.nodes.get(inputId)?.outputShape ?? [32, 32, 3];
  const classes = analysis.nodes.get(resultId)?.outputShape?.[0] ?? 10;
  return { inputId, inputName: names.get(inputId) ?? inputId, steps, resultId, outputsProbabilities, readers, imageShape: [height ?? 32, width ?? 32, channels ?? 3], classes };
}
