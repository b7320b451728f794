// What `npm run bench` was asked to do, worked out from its arguments alone (no files read,
// nothing started), so every combination can be tested and a mistake is reported before a
// minute of training is spent.
import { parseArgs } from 'node:util';
import type { BackendName } from '../backend/index.js';
import { BACKEND_ORDER } from '../backend/index.js';

/** The network a row measures: a template by id, or a user's project file. */
export type BenchTarget = { template: string } | { project: string };

export type BenchOptimizer = 'adam' | 'sgd';

/** Training settings both sides use; the same for every row so rows compare like with like. */
export interface BenchTraining {
  batchSize: number;
  optimizer: BenchOptimizer;
  learningRate: number;
  /** SGD's momentum; Adam ignores it. */
  momentum: number;
}

export interface BenchOptions {
  /** The templates and project files named, templates first; empty with --all alone. */
  targets: BenchTarget[];
  /** True for `--all`: one row per template (before any --project rows). */
  all: boolean;
  training: BenchTraining;
  /** Alternating repeats per side, each `batchesPerRepeat` batches, after `warmupBatches`. */
  repeats: number;
  batchesPerRepeat: number;
  warmupBatches: number;
  data?: string;
  backend?: BackendName;
  /** Threads for both sides (LAYERLOOM_THREADS and torch.set_num_threads); default: Layerloom's own choice. */
  threads?: number;
  /** `--reference CMD`: an external command timed between our repeats instead of the twin. */
  referenceCommand?: string;
  /** `--reference-python PATH`: the interpreter for the PyTorch twin. */
  referencePython?: string;
  /** `--no-reference`: Layerloom alone. */
  noReference: boolean;
  json: boolean;
  help: boolean;
}

/**
 * The table: batch 64, Adam, lr 0.001. Five alternating pairs, not three: on this
 * shared host a side's speed swings ±20% over seconds, and a median of five pairs moved
 * far less between runs. 20 warm-up batches: the first ~2 s of a process ran ~15% slower.
 */
export const BENCH_DEFAULTS = {
  template: 'lenet', batchSize: 64, optimizer: 'adam' as BenchOptimizer, learningRate: 0.001, momentum: 0.9,
  repeats: 5, batchesPerRepeat: 50, warmupBatches: 20,
} as const;

export const BENCH_USAGE = `Usage: npm run bench -- [--template NAME ... | --all] [--project FILE ...] [options]

Trains a network on real CIFAR-10 in a worker thread, as the app does, and reports
steady-state images/s, alternating with a PyTorch twin of the same graph (generated from it,
trained with the same batch size, optimizer, learning rate, data and thread count).

What to measure (default: --template ${BENCH_DEFAULTS.template}), one table row each:
  --template NAME         a template from templates/ (lenet, mlp, vgg-mini, resnet-mini, ...)
  --project FILE          a .layerloom.json project file (its graph; the settings below apply)
  --all                   every template (add --project FILE for your own graphs after them)
  With more than one row, each row runs in a fresh process (its own first batch and peak RSS).

Training (the same for every row and both sides):
  --batch N               batch size (default ${BENCH_DEFAULTS.batchSize})
  --optimizer adam|sgd    default ${BENCH_DEFAULTS.optimizer}; sgd uses --momentum (default ${BENCH_DEFAULTS.momentum})
  --lr X                  learning rate (default ${BENCH_DEFAULTS.learningRate})

Data and backend:
  --data DIR              CIFAR-10 binary folder (default: $LAYERLOOM_CIFAR10_DIR, then the download cache)
  --backend NAME          ${BACKEND_ORDER.join(' | ')} (default: the fastest that loads)
  --threads N             threads for both sides: Layerloom's kernels (LAYERLOOM_THREADS) and
                          torch.set_num_threads (default: Layerloom's choice, all cores up to 8;
                          PyTorch gets the same count). On a busy machine 1 keeps PyTorch's
                          OpenMP threads from stalling on each other.

Reference:
  --reference-python PATH interpreter with torch for the twin (default: .venv/bin/python in the
                          repository if it exists, else python3 if it imports torch)
  --reference CMD         time an external command instead, between our repeats (it prints a
                          JSON line with ips, mean_ips or imagesPerSec)
  --no-reference          Layerloom alone

Length (shorten for a quick check):
  --repeats N             alternating repeats per side (default ${BENCH_DEFAULTS.repeats})
  --batches N             batches per repeat (default ${BENCH_DEFAULTS.batchesPerRepeat})
  --warmup N              warm-up batches before the first repeat (default ${BENCH_DEFAULTS.warmupBatches})

Output:
  --json                  one JSON object per row on stdout (progress goes to stderr)`;

/** A mistake in the arguments, with what to do instead; bench.js prints it with the usage. */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new BenchUsageError(`--${name} must be a whole number ≥ ${min}, not '${text}'.`);
  return value;
}

function positiveNumber(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new BenchUsageError(`--${name} must be a number in (0, ${max}], not '${text}'.`);
  return value;
}

export function parseBenchArgs(args: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        template: { type: 'string', multiple: true }, project: { type: 'string', multiple: true }, all: { type: 'boolean', default: false },
        batch: { type: 'string' }, optimizer: { type: 'string' }, lr: { type: 'string' }, momentum: { type: 'string' },
        data: { type: 'string' }, backend: { type: 'string' }, threads: { type: 'string' },
        reference: { type: 'string' }, 'reference-python': { type: 'string' }, 'no-reference': { type: 'boolean', default: false },
        repeats: { type: 'string' }, batches: { type: 'string' }, warmup: { type: 'string' },
        json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const templates = values.template ?? [];
  const projects = values.project ?? [];
  if (values.all && templates.length > 0) throw new BenchUsageError('--all already measures every template; leave out --template (add --project FILE for other graphs).');
  const badTemplate = templates.find((t) => !/^[a-z0-9-]+$/.test(t));
  if (badTemplate !== undefined) throw new BenchUsageError(`--template takes a template id such as lenet or resnet-mini, not '${badTemplate}'.`);
  if (values.backend !== undefined && !(BACKEND_ORDER as readonly string[]).includes(values.backend)) {
    throw new BenchUsageError(`--backend must be one of ${BACKEND_ORDER.join(', ')}, not '${values.backend}'.`);
  }
  const optimizer = values.optimizer ?? BENCH_DEFAULTS.optimizer;
  if (optimizer !== 'adam' && optimizer !== 'sgd') throw new BenchUsageError(`--optimizer must be adam or sgd, not '${optimizer}'.`);
  const referenceChoices = [values.reference !== undefined, values['reference-python'] !== undefined, values['no-reference']].filter(Boolean).length;
  if (referenceChoices > 1) throw new BenchUsageError('Choose one of --reference, --reference-python and --no-reference.');
  if (values.reference !== undefined && (values.all || templates.length + projects.length > 1)) {
    throw new BenchUsageError('--reference CMD times one fixed command, which cannot stand for several networks; with several rows the PyTorch twin of each is the reference (--reference-python PATH picks its interpreter).');
  }
  const momentum = values.momentum === undefined ? BENCH_DEFAULTS.momentum : Number(values.momentum);
  if (!Number.isFinite(momentum) || momentum < 0 || momentum >= 1) throw new BenchUsageError(`--momentum must be in [0, 1), not '${values.momentum ?? ''}'.`);

  const targets: BenchTarget[] = [...templates.map((template) => ({ template })), ...projects.map((project) => ({ project }))];
  if (targets.length === 0 && !values.all) targets.push({ template: BENCH_DEFAULTS.template });
  return {
    targets,
    all: values.all,
    training: {
      batchSize: positiveInt('batch', values.batch, BENCH_DEFAULTS.batchSize),
      optimizer,
      learningRate: positiveNumber('lr', values.lr, BENCH_DEFAULTS.learningRate, 10),
      momentum,
    },
    repeats: positiveInt('repeats', values.repeats, BENCH_DEFAULTS.repeats),
    batchesPerRepeat: positiveInt('batches', values.batches, BENCH_DEFAULTS.batchesPerRepeat),
    warmupBatches: positiveInt('warmup', values.warmup, BENCH_DEFAULTS.warmupBatches, 0),
    ...(values.data !== undefined && { data: values.data }),
    ...(values.backend !== undefined && { backend: values.backend as BackendName }),
    ...(values.threads !== undefined && { threads: positiveInt('threads', values.threads, 1) }),
    ...(values.reference !== undefined && { referenceCommand: values.reference }),
    ...(values['reference-python'] !== undefined && { referencePython: values['reference-python'] }),
    noReference: values['no-reference'],
    json: values.json,
    help: values.help,
  };
}

/**
 * The arguments that measure one row of a several-row run in a process of its own: every
 * setting passed on, the row chosen, JSON out. Each row then has its own peak RSS and a
 * cold start, as a user's first run of that network would.
 */
export function rowArgs(options: BenchOptions, target: BenchTarget): string[] {
  const t = options.training;
  return [
    ...('template' in target ? ['--template', target.template] : ['--project', target.project]), '--json',
    '--batch', String(t.batchSize), '--optimizer', t.optimizer, '--lr', String(t.learningRate), '--momentum', String(t.momentum),
    '--repeats', String(options.repeats), '--batches', String(options.batchesPerRepeat), '--warmup', String(options.warmupBatches),
    ...(options.data !== undefined ? ['--data', options.data] : []),
    ...(options.backend !== undefined ? ['--backend', options.backend] : []),
    ...(options.threads !== undefined ? ['--threads', String(options.threads)] : []),
    ...(options.referencePython !== undefined ? ['--reference-python', options.referencePython] : []),
    ...(options.noReference ? ['--no-reference'] : []),
  ];
}
