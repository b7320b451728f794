/** Tensor shape without the batch dimension: [height, width, channels] or [units]. */
export type Shape = readonly number[];

export const NODE_KINDS = [
  'input', 'conv2d', 'maxpool2d', 'avgpool2d', 'dense', 'relu', 'leakyrelu', 'sigmoid', 'tanh',
  'softmax', 'flatten', 'dropout', 'batchnorm', 'add', 'concat', 'output',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export interface GraphNode {
  id: string;
  kind: NodeKind;
  params: Params;
  position: { x: number; y: number };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type IssueCode =
  | 'unknown-kind' | 'duplicate-id' | 'dangling-edge' | 'self-loop' | 'duplicate-edge' | 'cycle'
  | 'missing-input' | 'extra-input' | 'missing-output' | 'extra-output'
  | 'no-incoming' | 'too-many-inputs' | 'too-few-inputs' | 'unconnected' | 'edge-from-output' | 'edge-into-input'
  | 'shape-mismatch' | 'needs-flatten' | 'needs-spatial' | 'kernel-too-large' | 'pool-too-large'
  | 'output-units' | 'param-type' | 'param-range' | 'unknown-param' | 'dataset-mismatch' | 'memory';

/** One problem with the graph, phrased for the person editing it. */
export interface GraphIssue {
  /** The node the problem sits on, or null for problems of the whole graph. */
  nodeId: string | null;
  code: IssueCode;
  message: string;
  fix: string;
}
