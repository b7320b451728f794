// A run's backend trial: a few real training steps of the run's own model (same graph, batch
// and optimizer, so fused optimizers and folded ReLUs count) on synthetic images, on whichever
// backend is current. engine/backend/select.ts calls it once per backend that loads.
import { createHash } from 'node:crypto';
import { compileGraph } from '../compile/compile.js';
import type { Graph } from '../graph/types.js';
import { inputShapeOf } from '../layers/input.js';
import { classCountOf } from '../layers/output.js';
import type { TrainingConfig } from '../project/schema.js';
import { createOptimizer } from './optimizer.js';
import { trainStep } from './step.js';

export interface TrialBudget {
  /** Most steps timed after the untimed first one (which builds kernels, caches, thread pools); at least one is. */
  maxSteps: number;
  /** Stop timing once this much has passed (the slow backend of a big net stays quick to rule out). */
  seconds: number;
}

/**
 * Small nets get many steps (one is a few milliseconds, too short to time alone) and, in
 * select.ts, up to three rounds; big ones one timed step after the warm-up one and one round,
 * so the choice between two backends stays around 3 s even for ResNet-mini (quiet machine).
 */
export const DEFAULT_TRIAL: TrialBudget = { maxSteps: 20, seconds: 0.25 };

/**
 * Names what the speed depends on: the layers with their settings and the wiring (not node
 * positions or labels), the batch size and the optimizer. Node ids are kept: they are how edges
 * connect, and renaming one is rare.
 */
export function speedKey(graph: Graph, training: Pick<TrainingConfig, 'batchSize' | 'optimizer' | 'momentum'>): string {
  const nodes = [...graph.nodes].sort((a, b) => a.id.localeCompare(b.id)).map((n) => [n.id, n.kind, n.params]);
  const edges = graph.edges.map((e) => [e.source, e.target]).sort((a, b) => `${a}`.localeCompare(`${b}`));
  const optimizer = training.optimizer === 'adam' ? 'adam' : `${training.optimizer}${training.momentum > 0 ? '+momentum' : ''}`;
  const digest = createHash('sha256').update(JSON.stringify({ nodes, edges })).digest('hex').slice(0, 16);
  return `${digest}|batch ${training.batchSize}|${optimizer}`;
}

/**
 * The lower quartile of the step times (the fastest when fewer than four ran): on a busy machine
 * steps are slowed by whatever else runs, and the quartile estimates the speed when it does not,
 * which is what the run will mostly see on a user's machine. The median was too noisy here.
 */
export function typicalStep(seconds: number[]): number {
  const sorted = [...seconds].sort((a, b) => a - b);
  if (sorted.length < 4) return sorted[0] ?? NaN;
  return sorted[Math.floor(sorted.length / 4)] as number;
}

/** Images per second of `training` on `graph` on the current backend; frees all it made. */
export async function trainingSpeedTrial(
  graph: Graph, training: Pick<TrainingConfig, 'batchSize' | 'optimizer' | 'learningRate' | 'momentum'>, budget: TrialBudget = DEFAULT_TRIAL,
  /** Awaited between the untimed first step and the timed ones (a timing process waits there for its turn). */
  beforeTiming?: () => Promise<void>,
): Promise<number> {
  const compiled = compileGraph(graph, { seed: 1 });
  const optimizer = createOptimizer(training);
  const size = training.batchSize;
  const [height, width, channels] = inputShapeOf(graph.nodes.find((n) => n.kind === 'input')?.params ?? {});
  const classes = classCountOf(graph.nodes.find((n) => n.kind === 'output')?.params ?? {});
  // Fixed pseudo-random pixels and labels: the speed of a step does not depend on the values.
  const batch = { x: new Float32Array(size * height * width * channels), y: new Int32Array(size), size };
  for (let i = 0; i < batch.x.length; i++) batch.x[i] = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 500 - 1;
  for (let i = 0; i < size; i++) batch.y[i] = i % classes;
  try {
    trainStep(compiled.model, optimizer, batch, compiled.outputsProbabilities);
    await beforeTiming?.();
    const started = performance.now();
    const times: number[] = [];
    while (times.length < budget.maxSteps && (times.length === 0 || (performance.now() - started) / 1000 < budget.seconds)) {
      const step = performance.now();
      trainStep(compiled.model, optimizer, batch, compiled.outputsProbabilities);
      times.push((performance.now() - step) / 1000);
      // Lets other work of the engine (events, a stop request) through between steps.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return size / typicalStep(times);
  } finally {
    optimizer.dispose();
    compiled.model.dispose();
  }
}
