import type { BackendName } from '../backend/index.js';
import type { Graph } from '../graph/types.js';
import type { BenchTraining } from './options.js';

/** Messages between the benchmark's main thread and its training worker. */
export interface WorkerSetup {
  dataDir: string;
  backend?: BackendName;
  graph: Graph;
  training: BenchTraining;
  warmupBatches: number;
  batchesPerRepeat: number;
  /** Date.now() when the row started: the first batch is timed from here, data loading included. */
  startedAt: number;
}

export type WorkerMessage =
  | {
    type: 'ready'; backend: string; nativeKernels: boolean; threads: number; firstBatchSeconds: number; trainImages: number;
    trainableParams: number;
  }
  | { type: 'repeat'; imagesPerSec: number; seconds: number; loss: number }
  | { type: 'error'; message: string };

export type MainMessage = { type: 'repeat' } | { type: 'exit' };
