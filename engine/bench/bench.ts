// npm run bench: training speed of a template, a project file or every template, against a
// PyTorch twin of the same graph. See BENCH_USAGE (npm run bench -- --help).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { defaultCacheDir, resolveCifar10Dir } from '../data/index.js';
import type { ReferencePlan } from './bench-row.js';
import { runRow } from './bench-row.js';
import type { BenchOptions, BenchTarget } from './options.js';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, rowArgs } from './options.js';
import { findReferencePython } from './reference-python.js';
import type { BenchRow } from './report.js';
import { benchRowSchema, formatTable } from './report.js';
import { loadTarget, templateIds } from './targets.js';

const MORE = 'npm run bench -- --help lists every option.';

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  console.error(`${error.message}\n${MORE}`);
  process.exit(2);
}
if (options.help) {
  console.log(BENCH_USAGE);
  process.exit(0);
}
const location = resolveCifar10Dir({ ...(options.data !== undefined && { option: options.data }), cacheDir: defaultCacheDir() });
if (!location) {
  console.error(`No CIFAR-10 found. Pass --data DIR (a cifar-10-batches-bin folder) or set LAYERLOOM_CIFAR10_DIR.\n${MORE}`);
  process.exit(2);
}
const progress = (line: string) => process.stderr.write(`${line}\n`);
// The native kernels read it when they load (in the worker, or in each --all row's process).
if (options.threads !== undefined) process.env['LAYERLOOM_THREADS'] = String(options.threads);

function referencePlan(): ReferencePlan {
  if (options.noReference) return { kind: 'none' };
  if (options.referenceCommand !== undefined) return { kind: 'command', command: options.referenceCommand };
  const python = findReferencePython(options.referencePython);
  return python.ok ? { kind: 'twin', python: python.python } : { kind: 'none', reason: python.reason };
}

/** One child process per row: each row gets its own cold start and its own peak RSS. */
async function runEach(targets: BenchTarget[], plan: ReferencePlan): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const script = process.argv[1] as string;
  const shared: BenchOptions = {
    ...options, data: location?.dir ?? '',
    ...(plan.kind === 'twin' ? { referencePython: plan.python, noReference: false } : { noReference: true }),
  };
  for (const target of targets) {
    const id = 'template' in target ? target.template : target.project;
    const child = spawn(process.execPath, [script, ...rowArgs(shared, target)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const parsed = lines.map((line) => { try { return benchRowSchema.safeParse(JSON.parse(line)); } catch { return null; } }).find((p) => p?.success);
    if (!parsed?.success) {
      progress(`${id}: the row's process exited with ${code} and printed no result`);
      rows.push({
        network: id, source: id, training: options.training, repeats: options.repeats, batchesPerRepeat: options.batchesPerRepeat,
        warmupBatches: options.warmupBatches, machine: null, layerloom: null, reference: null, ratio: null,
        notes: [`its process exited with ${code}; see the messages above`],
      });
      continue;
    }
    // Told --no-reference when no Python was found: the reason is printed once, below the table.
    const row = parsed.data;
    rows.push(row);
    if (options.json) console.log(JSON.stringify(row));
  }
  return rows;
}

const plan = referencePlan();
if (plan.kind === 'none' && plan.reason) progress(`No PyTorch reference: ${plan.reason}`);
const targets: BenchTarget[] = [...(options.all ? templateIds().map((template) => ({ template })) : []), ...options.targets];
let rows: BenchRow[];
if (targets.length > 1) {
  rows = await runEach(targets, plan);
} else {
  const target = targets[0] ?? { template: 'lenet' };
  let loaded;
  try {
    loaded = loadTarget(target);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  rows = [await runRow(loaded, options, location.dir, plan, progress)];
  if (options.json) console.log(JSON.stringify(rows[0]));
}
if (!options.json) {
  console.log(formatTable(rows));
  if (targets.length > 1 && plan.kind === 'none' && plan.reason) console.log(`No PyTorch reference: ${plan.reason}`);
}
process.exitCode = rows.every((r) => r.layerloom !== null) ? 0 : 1;
