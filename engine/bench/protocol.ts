import type { BackendName } from '../backend/index.js';

/** Messages between the benchmark's main thread and its training worker. */
export interface WorkerSetup {
  dataDir: string;
  backend?: BackendName;
  batchSize: number;
  warmupBatches: number;
  batchesPerRepeat: number;
}

export type WorkerMessage =
  | { type: 'ready'; backend: string; nativeKernels: boolean; threads: number; firstBatchSeconds: number; trainImages: number }
  | { type: 'repeat'; imagesPerSec: number; seconds: number }
  | { type: 'error'; message: string };

export type MainMessage = { type: 'repeat' } | { type: 'exit' };
