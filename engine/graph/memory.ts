import { LAYERS } from '../layers/registry.js';
import type { GraphAnalysis, NodeAnalysis } from './analyze.js';
import type { GraphIssue } from './types.js';

/**
 * How much memory a training run of a graph needs, compared with what the machine and the
 * backend can give. Pure: the limits come in as data (the engine measures them; the renderer
 * gets them through `engine.info`), so the canvas can warn before Train is pressed.
 */

const BYTES_PER_FLOAT = 4;
/** A warning once a run would take more than this share of what is available. */
const WARN_SHARE = 0.5;

/** What the machine and the chosen backend can hold. */
export interface MemoryLimits {
  /** Free memory of the machine the engine runs on, in bytes. */
  freeBytes: number;
  /** The backend the run would use ('wasm', 'cpu', 'tensorflow', …). */
  backend: string;
  /** The most the backend can address in all (WASM: its 4 GiB heap); null when only the machine limits it. */
  backendMaxBytes: number | null;
  /** The largest single tensor, in elements, that a typed array can hold (2^32 in V8). */
  maxTensorElements: number;
}

/** The settings of a run that change its memory. */
export interface MemoryTraining {
  optimizer: string;
  batchSize: number;
  momentum?: number;
}

export interface MemoryEstimate {
  weightsBytes: number;
  /** The optimizer's own state (Adam: two slots per weight; SGD with momentum: one). */
  optimizerBytes: number;
  /** Weight gradients plus activations and their gradients at the batch size. */
  gradientBytes: number;
  activationBytes: number;
  totalBytes: number;
  /** The largest single tensor (a weight or an activation at the batch size), in elements. */
  largestTensorElements: number;
  /** The node that costs the most, where a warning or refusal is shown. */
  heaviestNodeId: string | null;
}

export type MemoryIssue = GraphIssue & { code: 'memory'; severity: 'error' | 'warning' };

/** Optimizer slots kept per weight, as TF.js allocates them. */
export function optimizerSlots(optimizer: string, momentum = 0): number {
  if (optimizer === 'adam') return 2;
  if (optimizer === 'rmsprop') return momentum > 0 ? 2 : 1;
  if (optimizer === 'sgd') return momentum > 0 ? 1 : 0;
  return 2;
}

export function estimateTrainingMemory(analysis: GraphAnalysis, training: MemoryTraining): MemoryEstimate {
  const slots = optimizerSlots(training.optimizer, training.momentum);
  let params = 0;
  let activations = 0;
  let largest = 0;
  let heaviest: { id: string; bytes: number } | null = null;
  for (const node of analysis.nodes.values()) {
    const outputs = node.outputShape ? elements(node.outputShape) * training.batchSize : 0;
    params += node.paramCount;
    activations += outputs;
    largest = Math.max(largest, node.paramCount, outputs);
    // Per weight: itself, its gradient and the optimizer's slots; per output: itself and its gradient.
    const bytes = (node.paramCount * (2 + slots) + outputs * 2) * BYTES_PER_FLOAT;
    if (bytes > 0 && (!heaviest || bytes > heaviest.bytes)) heaviest = { id: node.id, bytes };
  }
  const weightsBytes = params * BYTES_PER_FLOAT;
  const optimizerBytes = params * slots * BYTES_PER_FLOAT;
  const activationBytes = activations * BYTES_PER_FLOAT;
  const gradientBytes = weightsBytes + activationBytes;
  return {
    weightsBytes, optimizerBytes, gradientBytes, activationBytes,
    totalBytes: weightsBytes + optimizerBytes + gradientBytes + activationBytes,
    largestTensorElements: largest, heaviestNodeId: heaviest?.id ?? null,
  };
}

/**
 * A refusal when the run cannot fit (more than the backend or the machine can hold, or one
 * tensor too large for a typed array), a warning when it would take more than half of it,
 * else null. Only meaningful for a graph whose shapes are all known.
 */
export function checkTrainingMemory(analysis: GraphAnalysis, training: MemoryTraining, limits: MemoryLimits): { estimate: MemoryEstimate; issue: MemoryIssue | null } {
  const estimate = estimateTrainingMemory(analysis, training);
  const heaviest = estimate.heaviestNodeId ? analysis.nodes.get(estimate.heaviestNodeId) : undefined;
  const needs = `Training needs about ${formatBytes(estimate.totalBytes)} (${breakdown(estimate, training)})`;
  const fix = memoryFix(analysis, heaviest, training);
  const issue = (severity: MemoryIssue['severity'], message: string): MemoryIssue =>
    ({ nodeId: estimate.heaviestNodeId, code: 'memory', severity, message, fix });

  const available = [
    ...(limits.backendMaxBytes === null ? [] : [{ bytes: limits.backendMaxBytes, what: `the ${formatBytes(limits.backendMaxBytes)} the ${limits.backend} backend can address` }]),
    { bytes: limits.freeBytes, what: `the ${formatBytes(limits.freeBytes)} free on this machine` },
  ];
  const tight = available.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  const exceeded = available.filter((a) => estimate.totalBytes > a.bytes).map((a) => a.what);
  const reasons = exceeded.length > 0 ? [`more than ${exceeded.join(' and ')}`] : [];
  if (estimate.largestTensorElements > limits.maxTensorElements) {
    reasons.push(`one tensor alone has ${thousands(estimate.largestTensorElements)} values, more than the ${thousands(limits.maxTensorElements)} an array can hold`);
  }
  if (reasons.length > 0) return { estimate, issue: issue('error', `${needs}, ${reasons.join('; ')}: the run cannot fit.`) };
  if (estimate.totalBytes > tight.bytes * WARN_SHARE) {
    return { estimate, issue: issue('warning', `${needs}, over half of ${tight.what}: training may be slow or fail.`) };
  }
  return { estimate, issue: null };
}

function memoryFix(analysis: GraphAnalysis, heaviest: NodeAnalysis | undefined, training: MemoryTraining): string {
  if (!heaviest) return `Lower the batch size (now ${training.batchSize}).`;
  const name = `${LAYERS[heaviest.kind].displayName} (${heaviest.id})`;
  const weighs = heaviest.paramCount * BYTES_PER_FLOAT > (heaviest.outputShape ? elements(heaviest.outputShape) * training.batchSize * BYTES_PER_FLOAT : 0);
  if (weighs && heaviest.kind === 'dense') {
    return `${name} has ${thousands(heaviest.paramCount)} parameters: reduce Dense units or add pooling before Flatten.`;
  }
  if (weighs) return `${name} has ${thousands(heaviest.paramCount)} parameters: reduce its size, or add pooling before it.`;
  return `${name} outputs ${thousands(elements(heaviest.outputShape ?? []))} values per image: add pooling or a stride before it, reduce its filters or units, or lower the batch size (now ${training.batchSize}).`;
}

function breakdown(estimate: MemoryEstimate, training: MemoryTraining): string {
  const parts = [`weights ${formatBytes(estimate.weightsBytes)}`];
  if (estimate.optimizerBytes > 0) parts.push(`${optimizerName(training.optimizer)} state ${formatBytes(estimate.optimizerBytes)}`);
  parts.push(`gradients ${formatBytes(estimate.gradientBytes)}`, `activations ${formatBytes(estimate.activationBytes)} at batch ${training.batchSize}`);
  return parts.join(', ');
}

function optimizerName(optimizer: string): string {
  return optimizer === 'sgd' ? 'SGD momentum' : optimizer === 'rmsprop' ? 'RMSprop' : optimizer === 'adam' ? 'Adam' : optimizer;
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function thousands(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Binary units, as memory is counted (the WASM heap is 4 GiB). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
