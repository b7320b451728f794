import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import { createBatchBuffers, createRng, fillBatch, loadCifar10, shuffledIndices } from '../data/index.js';
import { createOptimizer } from '../train/optimizer.js';
import { speedKey, trainingSpeedTrial } from '../train/speed-trial.js';
import { timeInChildProcess } from '../train/isolated-speed-trial.js';
import { trainableVariables, trainStep } from '../train/step.js';
import { DeferredBackendChoice, rebuildOptimizer } from '../train/deferred-backend.js';
import type { BackendContest } from '../backend/index.js';
import type { MainMessage, WorkerMessage, WorkerSetup } from './protocol.js';

// Training runs here, off the main thread, exactly as the app runs it off its UI thread;
// the main thread measures its own event-loop lag meanwhile.
const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('bench-worker runs only as a worker thread');
const send = (m: WorkerMessage) => port.postMessage(m);

try {
  // The files are read (libuv) while the WASM module compiles (V8, off-thread): start both.
  const loading = loadCifar10(setup.dataDir);
  loading.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  // Unpinned, the backend is chosen as the app chooses it for this graph: the fastest in a short
  // trial (timed after the data has loaded, so loading does not skew it; never cached here).
  let contest: BackendContest | undefined;
  let backend = await selectBackend(setup.backend ? { prefer: setup.backend } : {
    speed: {
      trial: async () => {
        await loading;
        return trainingSpeedTrial(setup.graph, setup.training);
      },
      key: speedKey(setup.graph, setup.training),
      isolated: (name, { go, loaded, signal }) => timeInChildProcess(name, setup.graph, setup.training, { startWhen: Promise.all([loading, go]), onReady: loaded, signal }),
      deferred: (c) => { contest = c; },
    },
  });
  const data = await loading;
  const { batchSize } = setup.training;
  const batches = Math.floor(data.train.count / batchSize);
  if (batches === 0) throw new Error(`The ${data.train.count} training images are fewer than one batch of ${batchSize}; pass a smaller --batch.`);
  const { model, outputsProbabilities } = compileGraph(setup.graph, { seed: 1 });
  let optimizer = createOptimizer(setup.training);
  const deferred = contest ? new DeferredBackendChoice(contest, batchSize) : null;
  const order = shuffledIndices(data.train.count, createRng(1));
  const buffers = createBatchBuffers(batchSize);
  let next = 0;
  let loss = NaN;
  const step = () => {
    const batch = fillBatch(data.train, order, (next++ % batches) * batchSize, batchSize, buffers);
    const started = performance.now();
    [loss] = trainStep(model, optimizer, batch, outputsProbabilities);
    deferred?.record((performance.now() - started) / 1000);
  };
  step();
  const firstBatchSeconds = (Date.now() - setup.startedAt) / 1000;
  for (let i = 1; i < setup.warmupBatches; i++) step();
  // A provisional backend is settled as the app settles it, before anything is timed here.
  while (deferred?.pending) {
    if (deferred.due) {
      const from = backend.name;
      backend = await deferred.settle();
      if (backend.name !== from) optimizer = rebuildOptimizer(optimizer, setup.training, trainableVariables(model).map((v) => v.name));
      break;
    }
    step();
    // The timing processes' messages arrive between steps.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const trainableParams = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((n, d) => n * (d ?? 1), 1), 0);
  send({
    type: 'ready', backend: backend.name, nativeKernels: backend.nativeKernels, threads: backend.threads, firstBatchSeconds,
    trainImages: data.train.count, trainableParams,
  });
  port.on('message', (m: MainMessage) => {
    if (m.type === 'exit') {
      port.close();
      return;
    }
    const started = performance.now();
    for (let i = 0; i < setup.batchesPerRepeat; i++) step();
    const seconds = (performance.now() - started) / 1000;
    send({ type: 'repeat', imagesPerSec: (setup.batchesPerRepeat * batchSize) / seconds, seconds, loss });
  });
} catch (error) {
  send({ type: 'error', message: (error as Error).message });
}
