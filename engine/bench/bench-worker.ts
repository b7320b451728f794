import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import { createBatchBuffers, createRng, fillBatch, loadCifar10, shuffledIndices } from '../data/index.js';
import { loadTemplate } from '../project/templates.js';
import { createOptimizer } from '../train/optimizer.js';
import { trainStep } from '../train/step.js';
import type { MainMessage, WorkerMessage, WorkerSetup } from './protocol.js';

// Training runs here, off the main thread, exactly as the app runs it off its UI thread;
// the main thread measures its own event-loop lag meanwhile.
const setup = workerData as WorkerSetup & { startedAt: number };
const port = parentPort;
if (!port) throw new Error('bench-worker runs only as a worker thread');
const send = (m: WorkerMessage) => port.postMessage(m);

try {
  // The files are read (libuv) while the WASM module compiles (V8, off-thread): start both.
  const loading = loadCifar10(setup.dataDir);
  loading.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  const backend = await selectBackend(setup.backend ? { prefer: setup.backend } : {});
  const data = await loading;
  const project = loadTemplate('lenet');
  const { model, outputsProbabilities } = compileGraph(project.graph, { seed: 1 });
  const optimizer = createOptimizer({ optimizer: 'sgd', learningRate: 0.001, momentum: 0.9 });
  const order = shuffledIndices(data.train.count, createRng(1));
  const buffers = createBatchBuffers(setup.batchSize);
  const batches = Math.floor(data.train.count / setup.batchSize);
  let next = 0;
  const step = () => {
    const batch = fillBatch(data.train, order, (next++ % batches) * setup.batchSize, setup.batchSize, buffers);
    trainStep(model, optimizer, batch, outputsProbabilities);
  };
  step();
  const firstBatchSeconds = (Date.now() - setup.startedAt) / 1000;
  for (let i = 1; i < setup.warmupBatches; i++) step();
  send({ type: 'ready', backend: backend.name, nativeKernels: backend.nativeKernels, threads: backend.threads, firstBatchSeconds, trainImages: data.train.count });
  port.on('message', (m: MainMessage) => {
    if (m.type === 'exit') {
      port.close();
      return;
    }
    const started = performance.now();
    for (let i = 0; i < setup.batchesPerRepeat; i++) step();
    const seconds = (performance.now() - started) / 1000;
    send({ type: 'repeat', imagesPerSec: (setup.batchesPerRepeat * setup.batchSize) / seconds, seconds });
  });
} catch (error) {
  send({ type: 'error', message: (error as Error).message });
}
