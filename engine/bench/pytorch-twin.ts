// Runs the PyTorch twin of a graph as a child process that the benchmark steps one repeat at
// a time, so its repeats alternate with Layerloom's under the same machine noise.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Graph } from '../graph/types.js';
import type { BenchTraining } from './options.js';
import { TWIN_SCRIPT_NAME, twinFiles } from './twin-script.js';

export interface TwinSettings {
  dataDir: string;
  training: BenchTraining;
  /** torch.set_num_threads: Layerloom's thread count, so both sides get the same cores. */
  threads: number;
  warmupBatches: number;
  batchesPerRepeat: number;
}

// What the Python process prints is checked like any other process boundary.
const readySchema = z.object({
  type: z.literal('ready'),
  torch: z.string(),
  threads: z.number().int().positive(),
  params: z.number().int().nonnegative(),
  first_batch_s: z.number().nonnegative(),
  train_images: z.number().int().positive(),
  peak_rss_mb: z.number().nullable(),
});
const repeatSchema = z.object({
  type: z.literal('repeat'),
  ips: z.number().positive(),
  seconds: z.number().positive(),
  loss: z.number().nullable(),
  peak_rss_mb: z.number().nullable(),
});
const messageSchema = z.discriminatedUnion('type', [readySchema, repeatSchema]);

export interface TwinReady {
  torch: string;
  threads: number;
  trainableParams: number;
  /** From starting Python to the first trained batch, data loading included. */
  firstBatchSeconds: number;
  trainImages: number;
}

export interface TwinRepeat {
  imagesPerSec: number;
  seconds: number;
  loss: number | null;
  peakRssMB: number | null;
}

type Message = z.infer<typeof messageSchema>;

export class PytorchTwin {
  private readonly inbox: Message[] = [];
  private waiting: { resolve: (m: Message) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private stderr = '';
  private closed: Promise<void> = Promise.resolve();
  private info: TwinReady | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly dir: string) {}

  /** What the twin reported once warmed up: torch's version, its threads, its parameter count. */
  get ready(): TwinReady {
    if (!this.info) throw new Error('the PyTorch twin is not ready yet');
    return this.info;
  }

  /** Writes model.py and the driver to a temporary folder, starts Python, and waits until it has warmed up. */
  static async start(python: string, graph: Graph, settings: TwinSettings): Promise<PytorchTwin> {
    const dir = await mkdtemp(join(tmpdir(), 'layerloom-twin-'));
    let twin: PytorchTwin | null = null;
    try {
      for (const [name, content] of twinFiles(graph)) await writeFile(join(dir, name), content);
      const t = settings.training;
      const threads = String(settings.threads);
      const child = spawn(python, [
        TWIN_SCRIPT_NAME, '--data', settings.dataDir, '--batch-size', String(t.batchSize), '--optimizer', t.optimizer,
        '--lr', String(t.learningRate), '--momentum', String(t.momentum), '--threads', threads,
        '--warmup', String(settings.warmupBatches), '--batches', String(settings.batchesPerRepeat), '--started', String(Date.now() / 1000),
      ], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1', OMP_NUM_THREADS: threads, MKL_NUM_THREADS: threads } });
      twin = new PytorchTwin(child, dir);
      twin.listen();
      const ready = await twin.next();
      if (ready.type !== 'ready') throw new Error(`the PyTorch twin sent '${ready.type}' before it was ready`);
      twin.info = {
        torch: ready.torch, threads: ready.threads, trainableParams: ready.params, firstBatchSeconds: ready.first_batch_s, trainImages: ready.train_images,
      };
      return twin;
    } catch (error) {
      // A twin that printed nonsense may still be running: end it before removing its folder.
      if (twin) await twin.kill();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** One repeat: `batchesPerRepeat` batches, timed by Python around the steps alone. */
  async repeat(): Promise<TwinRepeat> {
    this.child.stdin.write('repeat\n');
    const m = await this.next();
    if (m.type !== 'repeat') throw new Error(`the PyTorch twin sent '${m.type}' instead of a repeat`);
    return { imagesPerSec: m.ips, seconds: m.seconds, loss: m.loss, peakRssMB: m.peak_rss_mb };
  }

  /** Ends the process and removes its folder; safe to call twice. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
      this.child.stdin.end('exit\n');
      await exited;
    }
    await this.closed;
    await rm(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.closed;
  }

  private listen(): void {
    // Writing to a process that already died fails here; its exit reports why.
    this.child.stdin.on('error', () => undefined);
    this.child.stderr.on('data', (d: Buffer) => {
      // Only the tail matters (a traceback's last lines); keep memory bounded.
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => {
      if (!line.trim().startsWith('{')) return; // a library's warning, not ours
      let parsed: Message;
      try {
        parsed = messageSchema.parse(JSON.parse(line));
      } catch (error) {
        this.fail(new Error(`the PyTorch twin printed a line the benchmark cannot read (${(error as Error).message.split('\n')[0] ?? ''}): ${line.slice(0, 200)}`));
        return;
      }
      if (this.waiting) {
        this.waiting.resolve(parsed);
        this.waiting = null;
      } else this.inbox.push(parsed);
    });
    this.child.on('error', (error) => this.fail(new Error(`could not start the PyTorch twin: ${error.message}`)));
    this.closed = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        const tail = this.stderr.trim().split('\n').slice(-4).join(' | ');
        this.fail(new Error(`the PyTorch twin exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`));
        resolve();
      });
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(this.failure);
    this.waiting = null;
  }

  private next(): Promise<Message> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }
}
