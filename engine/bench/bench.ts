import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../backend/index.js';
import { BACKEND_ORDER } from '../backend/index.js';
import { defaultCacheDir, resolveCifar10Dir } from '../data/index.js';
import { table, thousands } from '../cli/format.js';
import type { MainMessage, WorkerMessage, WorkerSetup } from './protocol.js';
import { runReference } from './reference.js';
import type { Spread } from './stats.js';
import { spread } from './stats.js';

const USAGE = `Usage: npm run bench -- [--data DIR] [--backend NAME] [--repeats N] [--batches N] [--reference CMD] [--json]
Trains LeNet (batch 100) on real CIFAR-10 and reports steady-state images/s. DIR defaults to $LAYERLOOM_CIFAR10_DIR.
--reference runs CMD between our repeats (alternating) and reports our speed as a ratio of its;
{python} in CMD is the Python with torch that the export checks use (LAYERLOOM_PYTHON, .venv, python3).`;

const { values } = parseArgs({
  options: {
    data: { type: 'string' }, backend: { type: 'string' }, repeats: { type: 'string', default: '3' },
    batches: { type: 'string', default: '50' }, warmup: { type: 'string', default: '5' }, reference: { type: 'string' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const location = resolveCifar10Dir({ ...(values.data !== undefined && { option: values.data }), cacheDir: defaultCacheDir() });
if (!location) {
  console.error(`No CIFAR-10 found. Pass --data DIR or set LAYERLOOM_CIFAR10_DIR.\n\n${USAGE}`);
  process.exit(2);
}
if (values.backend !== undefined && !(BACKEND_ORDER as readonly string[]).includes(values.backend)) {
  console.error(`--backend must be one of ${BACKEND_ORDER.join(', ')}.`);
  process.exit(2);
}
const repeats = Math.max(3, Number(values.repeats));
const setup: WorkerSetup & { startedAt: number } = {
  dataDir: location.dir, batchSize: 100, warmupBatches: Math.max(1, Number(values.warmup)), batchesPerRepeat: Math.max(50, Number(values.batches)),
  startedAt: Date.now(), ...(values.backend !== undefined && { backend: values.backend as BackendName }),
};

const lag = monitorEventLoopDelay({ resolution: 10 });
const worker = new Worker(new URL('./bench-worker.js', import.meta.url), { workerData: setup });
const inbox: WorkerMessage[] = [];
let waiting: ((m: WorkerMessage) => void) | null = null;
worker.on('message', (m: WorkerMessage) => { if (waiting) { waiting(m); waiting = null; } else inbox.push(m); });
worker.on('error', (e) => { console.error(`Benchmark worker failed: ${e.message}`); process.exit(1); });
const receive = () => new Promise<WorkerMessage>((resolve) => { const m = inbox.shift(); if (m) resolve(m); else waiting = resolve; });
const post = (m: MainMessage) => worker.postMessage(m);

const ready = await receive();
if (ready.type !== 'ready') {
  console.error(`Benchmark could not start: ${ready.type === 'error' ? ready.message : 'unexpected message'}`);
  process.exit(1);
}
const ours: number[] = [];
const reference: number[] = [];
// Enabled once: a re-enabled histogram counts the idle gap since it was disabled as lag.
// Reset before each of our repeats and read after it, so the figure is the lag while WE
// train, not while the reference (2 threads, both cores) runs.
lag.enable();
let lagMaxNs = 0;
for (let i = 0; i < repeats; i++) {
  lag.reset();
  post({ type: 'repeat' });
  const m = await receive();
  lagMaxNs = Math.max(lagMaxNs, lag.max);
  if (m.type !== 'repeat') throw new Error(m.type === 'error' ? m.message : 'unexpected message');
  ours.push(m.imagesPerSec);
  if (!values.json) process.stderr.write(`repeat ${i + 1}/${repeats}: ${Math.round(m.imagesPerSec)} img/s\n`);
  // Alternate with the reference so both see the same machine noise.
  if (values.reference !== undefined) {
    const rate = await runReference(values.reference);
    reference.push(rate);
    if (!values.json) process.stderr.write(`reference ${i + 1}/${repeats}: ${Math.round(rate)} img/s\n`);
  }
}
post({ type: 'exit' });
lag.disable();

const result = {
  imagesPerSec: spread(ours),
  firstBatchSeconds: round(ready.firstBatchSeconds, 2),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  eventLoopLagMs: round(lagMaxNs / 1e6, 1),
  backend: ready.backend,
  nativeKernels: ready.nativeKernels,
  threads: ready.threads,
  ...(reference.length > 0 && { reference: { command: values.reference, imagesPerSec: spread(reference), ratio: round(spread(ours).median / spread(reference).median, 3) } }),
};
if (values.json) {
  console.log(JSON.stringify(result));
} else {
  const fmt = (s: Spread) => `${thousands(Math.round(s.median))} (${thousands(Math.round(s.min))}–${thousands(Math.round(s.max))})`;
  const rows = [
    [`Layerloom LeNet, ${result.backend}${result.nativeKernels ? ' + native kernels' : ''}, ${result.threads} thread(s)`, fmt(result.imagesPerSec), result.reference ? String(result.reference.ratio) : '—'],
    ...(result.reference ? [['reference', fmt(result.reference.imagesPerSec), '1.0']] : []),
  ];
  console.log(table(['what', 'images/s median (min–max)', '× reference'], rows, [false, true, true]));
  console.log(`\nfirst batch after ${result.firstBatchSeconds}s (full dataset) · peak RSS ${result.peakRssMB} MB · main-thread event-loop lag ≤ ${result.eventLoopLagMs} ms during training`);
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
