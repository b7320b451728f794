// Per-kernel time of one training step (forward + backward + optimizer update) of any
// template or project on the chosen backend, for finding where a step goes. After
// `npm run build:engine`:
//   node dist/engine/bench/kernel-profile.js [--template NAME | --project FILE] [--batch 64]
//     [--optimizer adam|sgd] [--lr 0.001] [--backend wasm] [--steps 20] [--top 40]
// Times each registered kernel of the backend by wrapping it (synchronous backends only:
// wasm and cpu run their kernels inside kernelFunc). Kernels our kernels call are listed
// indented under the caller. Synthetic data: the per-kernel cost does not depend on it.
// Shares are what to read: absolute times swing ±20% on a shared 2-core machine.
import { parseArgs } from 'node:util';
import * as tf from '../tf.js';
import type { BackendName } from '../backend/index.js';
import { selectBackend } from '../backend/index.js';
import { table } from '../cli/format.js';
import { compileGraph } from '../compile/compile.js';
import { crossEntropy } from '../train/loss.js';
import { createOptimizer } from '../train/optimizer.js';
import { trainStep } from '../train/step.js';
import { BENCH_DEFAULTS, BenchUsageError } from './options.js';
import { loadTarget } from './targets.js';

const USAGE = `Usage: node dist/engine/bench/kernel-profile.js [--template NAME | --project FILE] [--batch N] [--optimizer adam|sgd] [--lr X] [--backend NAME] [--steps N] [--top N]
Profiles one training step (forward + backward + update) kernel by kernel; defaults: --template ${BENCH_DEFAULTS.template}, batch ${BENCH_DEFAULTS.batchSize}, Adam ${BENCH_DEFAULTS.learningRate}, wasm, 20 steps, top 40 rows.`;

function options() {
  const { values } = parseArgs({
    options: {
      template: { type: 'string' }, project: { type: 'string' }, backend: { type: 'string', default: 'wasm' },
      steps: { type: 'string', default: '20' }, batch: { type: 'string', default: String(BENCH_DEFAULTS.batchSize) },
      optimizer: { type: 'string', default: BENCH_DEFAULTS.optimizer }, lr: { type: 'string', default: String(BENCH_DEFAULTS.learningRate) },
      momentum: { type: 'string', default: String(BENCH_DEFAULTS.momentum) }, top: { type: 'string', default: '40' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.template !== undefined && values.project !== undefined) throw new BenchUsageError('Choose one of --template and --project.');
  if (values.optimizer !== 'adam' && values.optimizer !== 'sgd') throw new BenchUsageError(`--optimizer must be adam or sgd, not '${values.optimizer}'.`);
  const whole = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`--${name} must be a whole number ≥ 1, not '${text}'.`);
    return n;
  };
  return {
    target: values.project !== undefined ? { project: values.project } : { template: values.template ?? BENCH_DEFAULTS.template },
    backend: values.backend as BackendName, steps: whole('steps', values.steps), batch: whole('batch', values.batch), top: whole('top', values.top),
    optimizer: values.optimizer as 'adam' | 'sgd', learningRate: Number(values.lr), momentum: Number(values.momentum),
  };
}

let o: ReturnType<typeof options>;
let target: ReturnType<typeof loadTarget>;
try {
  o = options();
  target = loadTarget(o.target);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const backend = await selectBackend({ prefer: o.backend });
const { model, outputsProbabilities } = compileGraph(target.graph, { seed: 1 });
const optimizer = createOptimizer({ optimizer: o.optimizer, learningRate: o.learningRate, momentum: o.momentum });
const x = new Float32Array(o.batch * 32 * 32 * 3).map((_, i) => ((i * 2654435761) % 1000) / 1000);
const y = new Int32Array(o.batch).map((_, i) => i % 10);
const batch = { x, y, size: o.batch };
for (let i = 0; i < 5; i++) trainStep(model, optimizer, batch, outputsProbabilities);

/** The forward pass and loss alone, as training runs it: what is left of a step is backward + update. */
function forwardMs(): number {
  const started = performance.now();
  for (let i = 0; i < o.steps; i++) {
    tf.tidy(() => {
      const output = model.apply(tf.tensor4d(x, [o.batch, 32, 32, 3]), { training: true }) as tf.Tensor;
      crossEntropy(tf.tensor1d(y, 'int32'), output, outputsProbabilities).dataSync();
    });
  }
  return (performance.now() - started) / o.steps;
}
const forward = forwardMs();

const totals = new Map<string, { ms: number; calls: number }>();
const byKernel = new Map<string, { ms: number; calls: number }>();
const callers: string[] = [];
const shapes = (inputs: tf.NamedTensorInfoMap) => JSON.stringify(Object.values(inputs).map((t) => t?.shape));
const add = (map: Map<string, { ms: number; calls: number }>, key: string, ms: number) => {
  const entry = map.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += ms;
  entry.calls++;
  map.set(key, entry);
};
for (const kernel of tf.getKernelsForBackend(backend.name)) {
  const inner = kernel.kernelFunc;
  tf.unregisterKernel(kernel.kernelName, backend.name);
  tf.registerKernel({
    ...kernel,
    kernelFunc: (args) => {
      const label = `${kernel.kernelName} ${shapes(args.inputs)}`;
      const nested = callers.length > 0;
      const key = nested ? `    ${label}  (in ${callers.at(-1) ?? ''})` : label;
      callers.push(kernel.kernelName);
      const started = performance.now();
      try {
        return inner(args);
      } finally {
        callers.pop();
        const ms = performance.now() - started;
        add(totals, key, ms);
        if (!nested) add(byKernel, kernel.kernelName, ms);
      }
    },
  });
}
const started = performance.now();
for (let i = 0; i < o.steps; i++) trainStep(model, optimizer, batch, outputsProbabilities);
const stepMs = (performance.now() - started) / o.steps;

const perStep = (map: Map<string, { ms: number; calls: number }>) =>
  [...map].map(([key, t]) => ({ key, ms: t.ms / o.steps, calls: t.calls / o.steps })).sort((a, b) => b.ms - a.ms);
const kernels = perStep(byKernel);
const kernelMs = kernels.reduce((sum, r) => sum + r.ms, 0);
const share = (ms: number) => `${((100 * ms) / stepMs).toFixed(1)}%`;
const fixed = (ms: number) => ms.toFixed(2);

console.log(`${target.network} on ${backend.name}${backend.nativeKernels ? ' + native kernels' : ''}, ${backend.threads} thread(s); batch ${o.batch}, ${o.optimizer === 'adam' ? 'Adam' : 'SGD'} ${o.learningRate}; mean of ${o.steps} steps`);
console.log(`one step ${fixed(stepMs)} ms (${Math.round((o.batch * 1000) / stepMs).toLocaleString('en-US')} img/s) = kernels ${fixed(kernelMs)} ms + JS (autodiff, dispatch, optimizer bookkeeping) ${fixed(stepMs - kernelMs)} ms (${share(stepMs - kernelMs)})`);
console.log(`forward + loss alone ${fixed(forward)} ms (unwrapped kernels); backward + update ≈ ${fixed(stepMs - forward)} ms\n`);
console.log(table(['kernel', 'ms/step', 'share', 'calls/step'], kernels.map((r) => [r.key, fixed(r.ms), share(r.ms), String(r.calls)]), [false, true, true, true]));
const detail = perStep(totals);
console.log(`\nby kernel and input shapes (top ${Math.min(o.top, detail.length)} of ${detail.length}; indented: called by the kernel named):`);
console.log(table(['ms/step', 'calls', 'kernel [input shapes]'], detail.slice(0, o.top).map((r) => [fixed(r.ms), `${r.calls}×`, r.key]), [true, true, false]));
