// Training-speed probe for the backends (not a test): images/s of one LeNet training step
// (the DESIGN reference net, batch 100, SGD lr 0.001 momentum 0.9, softmax cross-entropy)
// on random 32×32×3 input. Run from the repo root:
//   npx tsc -p engine && node dist/engine/backend/bench-lenet.js [wasm|cpu ...] [--batches=20]
// Keep the machine quiet: two cores, and the numbers move with any other load.
import * as tf from '@tensorflow/tfjs';
import { describeBackend } from './describe.js';
import { selectBackend } from './select.js';
import type { BackendName } from './types.js';

const BATCH = 100;
const WARMUP = 3;

function lenet(): tf.Sequential {
  const L = tf.layers;
  return tf.sequential({
    layers: [
      L.conv2d({ inputShape: [32, 32, 3], filters: 6, kernelSize: 5, activation: 'relu' }),
      L.maxPooling2d({ poolSize: 2, strides: 2 }),
      L.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      L.maxPooling2d({ poolSize: 2, strides: 2 }),
      L.flatten(),
      L.dense({ units: 120, activation: 'relu' }),
      L.dense({ units: 84, activation: 'relu' }),
      L.dense({ units: 10 }),
    ],
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function bench(name: BackendName, batches: number): Promise<void> {
  const report = await selectBackend({ prefer: name });
  const model = lenet();
  const optimizer = tf.train.momentum(0.001, 0.9);
  const xs = tf.randomUniform([BATCH, 32, 32, 3], -1, 1);
  const ys = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32') as tf.Tensor1D, 10);
  const step = async (): Promise<number> => {
    const cost = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor),
      true,
    );
    if (cost === null) throw new Error('no loss returned');
    const [loss] = await cost.data(); // waiting on the loss is what makes a step finish
    cost.dispose();
    return loss ?? NaN;
  };
  for (let i = 0; i < WARMUP; i++) await step();
  // Wall-clock rate, and the rate per CPU-second of this process: the second barely moves
  // when other processes compete for the cores (WASM and pure JS run on this one thread).
  const wall: number[] = [];
  const cpu: number[] = [];
  let loss = NaN;
  for (let i = 0; i < batches; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    loss = await step();
    const c1 = process.cpuUsage(c0);
    wall.push((BATCH * 1000) / (performance.now() - t0));
    cpu.push((BATCH * 1e6) / (c1.user + c1.system));
  }
  const r = (v: number | undefined): string => (v ?? NaN).toFixed(0);
  const summary = (rates: number[]): string => {
    rates.sort((a, b) => a - b);
    return `${r(percentile(rates, 0.5))} img/s median (${r(rates[0])}–${r(rates[rates.length - 1])})`;
  };
  console.log(describeBackend(report));
  console.log(`  ${name}: wall ${summary(wall)}; per CPU-second ${summary(cpu)}`);
  console.log(`  over ${batches} batches of ${BATCH}; last loss ${loss.toFixed(3)}; tensors alive ${tf.memory().numTensors}`);
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
}

const args = process.argv.slice(2);
const batches = Number(args.find((a) => a.startsWith('--batches='))?.split('=')[1] ?? 20);
const names = args.filter((a): a is BackendName => a === 'wasm' || a === 'cpu' || a.startsWith('tensorflow'));
for (const name of names.length > 0 ? names : (['wasm', 'cpu'] as BackendName[])) await bench(name, batches);
