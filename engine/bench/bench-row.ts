// One table row: Layerloom trains the network in a worker thread while this thread watches
// its own event loop; the reference (the PyTorch twin, or an external command) runs its
// repeats in between ours, so each pair sees the same machine.
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { runReference } from './reference.js';
import type { BenchOptions } from './options.js';
import type { MainMessage, WorkerMessage, WorkerSetup } from './protocol.js';
import { PytorchTwin } from './pytorch-twin.js';
import type { BenchRow, ReferenceResult } from './report.js';
import { pairedRatios, spread } from './stats.js';
import type { LoadedTarget } from './targets.js';

export type ReferencePlan =
  | { kind: 'twin'; python: string }
  | { kind: 'command'; command: string }
  /** No reference; with the reason when one was wanted and none could be found. */
  | { kind: 'none'; reason?: string };

type Ready = Extract<WorkerMessage, { type: 'ready' }>;

/** The training worker as a request/reply channel. */
class TrainingWorker {
  private readonly inbox: WorkerMessage[] = [];
  private waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private readonly worker: Worker;

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(new URL('./bench-worker.js', import.meta.url), { workerData: setup });
    this.worker.on('message', (m: WorkerMessage) => {
      if (this.waiting) {
        this.waiting.resolve(m);
        this.waiting = null;
      } else this.inbox.push(m);
    });
    this.worker.on('error', (e) => this.fail(new Error(`the benchmark worker failed: ${e.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`the benchmark worker exited (code ${code})`)));
  }

  async receive<T extends WorkerMessage['type']>(type: T): Promise<Extract<WorkerMessage, { type: T }>> {
    const message = await this.next();
    if (message.type === 'error') throw new Error(message.message);
    if (message.type !== type) throw new Error(`the benchmark worker sent '${message.type}', expected '${type}'`);
    return message as Extract<WorkerMessage, { type: T }>;
  }

  post(m: MainMessage): void {
    this.worker.postMessage(m);
  }

  async stop(): Promise<void> {
    this.post({ type: 'exit' });
    await this.worker.terminate();
  }

  private next(): Promise<WorkerMessage> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(this.failure);
    this.waiting = null;
  }
}

export async function runRow(
  target: LoadedTarget, options: BenchOptions, dataDir: string, plan: ReferencePlan, progress: (line: string) => void,
): Promise<BenchRow> {
  const row: BenchRow = {
    network: target.network, source: target.source, training: options.training,
    repeats: options.repeats, batchesPerRepeat: options.batchesPerRepeat, warmupBatches: options.warmupBatches,
    machine: null, layerloom: null, reference: null, ratio: null, notes: plan.kind === 'none' && plan.reason ? [`no reference: ${plan.reason}`] : [],
  };
  const loadBefore = round(loadavg()[0] ?? 0, 2);
  const worker = new TrainingWorker({
    dataDir, graph: target.graph, training: options.training, warmupBatches: Math.max(1, options.warmupBatches),
    batchesPerRepeat: options.batchesPerRepeat, startedAt: Date.now(), ...(options.backend !== undefined && { backend: options.backend }),
  });
  let ready: Ready;
  try {
    ready = await worker.receive('ready');
  } catch (error) {
    await worker.stop();
    row.notes.push(`Layerloom could not train it: ${(error as Error).message}`);
    return row;
  }
  progress(`${target.network}: Layerloom ready (first batch after ${ready.firstBatchSeconds.toFixed(2)} s, ${ready.trainableParams.toLocaleString('en-US')} trainable parameters)`);

  // Started only after Layerloom's warm-up, so its start (torch import, data loading) does not slow ours.
  let twin: PytorchTwin | null = null;
  if (plan.kind === 'twin') {
    try {
      twin = await PytorchTwin.start(plan.python, target.graph, {
        dataDir, training: options.training, threads: ready.threads, warmupBatches: Math.max(1, options.warmupBatches), batchesPerRepeat: options.batchesPerRepeat,
      });
      progress(`${target.network}: PyTorch ${twin.ready.torch} twin ready (${twin.ready.trainableParams.toLocaleString('en-US')} trainable parameters, ${twin.ready.threads} thread(s))`);
      if (/^[01]\./.test(twin.ready.torch)) {
        row.notes.push(`PyTorch ${twin.ready.torch} is an old yardstick (2.x trains about twice as fast on the CPU); npm run setup:python makes a .venv with a current one.`);
      }
      if (twin.ready.trainableParams !== ready.trainableParams) {
        row.notes.push(`the PyTorch twin has ${twin.ready.trainableParams} trainable parameters, Layerloom ${ready.trainableParams}: the two nets differ, so the ratio compares different work.`);
      }
    } catch (error) {
      row.notes.push(`no reference: ${(error as Error).message}`);
    }
  }

  const lag = monitorEventLoopDelay({ resolution: 10 });
  const ours: number[] = [];
  const theirs: number[] = [];
  let twinPeak: number | null = null;
  // Enabled once: a re-enabled histogram counts the idle gap since it was disabled as lag.
  // Reset before each of our repeats and read after it, so the figure is the lag while WE
  // train, not while the reference (all cores) runs.
  lag.enable();
  let lagMaxNs = 0;
  try {
    for (let i = 0; i < options.repeats; i++) {
      lag.reset();
      worker.post({ type: 'repeat' });
      const m = await worker.receive('repeat');
      lagMaxNs = Math.max(lagMaxNs, lag.max);
      ours.push(m.imagesPerSec);
      progress(`${target.network} ${i + 1}/${options.repeats}: Layerloom ${Math.round(m.imagesPerSec)} img/s (loss ${m.loss.toFixed(3)})`);
      if (twin) {
        const r = await twin.repeat();
        theirs.push(r.imagesPerSec);
        twinPeak = r.peakRssMB;
        progress(`${target.network} ${i + 1}/${options.repeats}: PyTorch ${Math.round(r.imagesPerSec)} img/s${r.loss === null ? '' : ` (loss ${r.loss.toFixed(3)})`}`);
      } else if (plan.kind === 'command') {
        const rate = await runReference(plan.command);
        theirs.push(rate);
        progress(`${target.network} ${i + 1}/${options.repeats}: reference ${Math.round(rate)} img/s`);
      }
    }
  } catch (error) {
    row.notes.push(`stopped early: ${(error as Error).message}`);
  } finally {
    lag.disable();
    await worker.stop();
    await twin?.close();
  }

  row.machine = { cores: availableParallelism(), loadBefore, loadAfter: round(loadavg()[0] ?? 0, 2) };
  if (ours.length > 0) {
    row.layerloom = {
      imagesPerSec: spread(ours), runs: ours, firstBatchSeconds: round(ready.firstBatchSeconds, 2),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), eventLoopLagMs: round(lagMaxNs / 1e6, 1),
      backend: ready.backend, nativeKernels: ready.nativeKernels, threads: ready.threads, trainableParams: ready.trainableParams,
    };
  }
  const paired = Math.min(ours.length, theirs.length);
  if (paired > 0) {
    const reference: ReferenceResult = twin
      ? {
        kind: 'pytorch-twin', python: plan.kind === 'twin' ? plan.python : '', torch: twin.ready.torch, threads: twin.ready.threads,
        trainableParams: twin.ready.trainableParams, imagesPerSec: spread(theirs), runs: theirs,
        firstBatchSeconds: round(twin.ready.firstBatchSeconds, 2), peakRssMB: twinPeak,
      }
      : { kind: 'command', command: plan.kind === 'command' ? plan.command : '', imagesPerSec: spread(theirs), runs: theirs };
    row.reference = reference;
    const ratios = pairedRatios(ours.slice(0, paired), theirs.slice(0, paired)).map((r) => round(r, 3));
    row.ratio = { ...spread(ratios), runs: ratios };
  }
  return row;
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
