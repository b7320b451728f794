// Per-kernel time of one training step of a template (LeNet, batch 100 by default) on the
// chosen backend, for finding where a step goes. Run after `npm run build:engine`:
//   node dist/engine/bench/kernel-profile.js [--template lenet] [--backend wasm] [--steps 30] [--batch 100] [--optimizer sgd|adam]
// Times each registered kernel of the backend by wrapping it (synchronous backends only:
// wasm and cpu run their kernels inside kernelFunc). Kernels our kernels call are listed
// indented under the caller. Synthetic data: the per-kernel cost does not depend on it.
// Shares are what to read: absolute times swing ±20% on a shared 2-core machine.
import { parseArgs } from 'node:util';
import * as tf from '../tf.js';
import type { BackendName } from '../backend/index.js';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import { loadTemplate } from '../project/templates.js';
import { createOptimizer } from '../train/optimizer.js';
import { trainStep } from '../train/step.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '30' },
    batch: { type: 'string', default: '100' },
    optimizer: { type: 'string', default: 'sgd' },
    template: { type: 'string', default: 'lenet' },
  },
});
const steps = Math.max(1, Number(values.steps));
const backend = await selectBackend({ prefer: values.backend as BackendName });
const { model, outputsProbabilities } = compileGraph(loadTemplate(values.template).graph, { seed: 1 });
const optimizer = createOptimizer({ optimizer: values.optimizer === 'adam' ? 'adam' : 'sgd', learningRate: 0.001, momentum: 0.9 });
const size = Math.max(1, Number(values.batch));
const x = new Float32Array(size * 32 * 32 * 3).map((_, i) => ((i * 2654435761) % 1000) / 1000);
const y = new Int32Array(size).map((_, i) => i % 10);
const batch = { x, y, size };
for (let i = 0; i < 5; i++) trainStep(model, optimizer, batch, outputsProbabilities);

const totals = new Map<string, { ms: number; calls: number }>();
const callers: string[] = [];
const shapes = (inputs: tf.NamedTensorInfoMap) => JSON.stringify(Object.values(inputs).map((t) => t?.shape));
for (const kernel of tf.getKernelsForBackend(backend.name)) {
  const inner = kernel.kernelFunc;
  tf.unregisterKernel(kernel.kernelName, backend.name);
  tf.registerKernel({
    ...kernel,
    kernelFunc: (args) => {
      const label = `${kernel.kernelName} ${shapes(args.inputs)}`;
      const key = callers.length > 0 ? `    ${label}  (in ${callers.at(-1) ?? ''})` : label;
      callers.push(kernel.kernelName);
      const started = performance.now();
      try {
        return inner(args);
      } finally {
        callers.pop();
        const entry = totals.get(key) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - started;
        entry.calls++;
        totals.set(key, entry);
      }
    },
  });
}
const started = performance.now();
for (let i = 0; i < steps; i++) trainStep(model, optimizer, batch, outputsProbabilities);
const stepMs = (performance.now() - started) / steps;
const rows = [...totals].map(([key, t]) => ({ key, ms: t.ms / steps, calls: t.calls / steps })).sort((a, b) => b.ms - a.ms);
const kernelMs = rows.filter((r) => !r.key.startsWith(' ')).reduce((sum, r) => sum + r.ms, 0);
console.log(`${backend.name}: step ${stepMs.toFixed(1)} ms = kernels ${kernelMs.toFixed(1)} ms + JS (autodiff, dispatch, optimizer) ${(stepMs - kernelMs).toFixed(1)} ms`);
for (const r of rows) console.log(`${r.ms.toFixed(2).padStart(7)} ms ${String(r.calls).padStart(4)}× ${r.key}`);
