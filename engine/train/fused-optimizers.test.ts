// The optimizers step for step against plain re-statements of torch.optim.SGD / Adam / AdamW
// (float64, the algorithms as PyTorch documents them), on TF.js ops and on the fused kernels.
import * as tf from '../tf.js';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativeKernels } from '../backend/native-kernels.js';
import { maxAbsDiff, pseudoRandom } from '../backend/testing/util.js';
import { startWasmBackend } from '../backend/wasm-init.js';
import type { ScheduledOptimizer } from './fused-optimizers.js';
import { AdamOptimizer, fusedOptimizersAvailable, RmspropOptimizer, SgdOptimizer } from './fused-optimizers.js';
import { createOptimizer } from './optimizer.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[fused optimizers] fused cases SKIPPED: native kernels ${load.reason}`);

const SHAPES = [[40, 12], [12], [5, 5, 3, 6], [70000]]; // the last one is split across threads
const STEPS = 6;
const LRS = [0.05, 0.1, 0.02, 0.07, 0.03, 0.01]; // a schedule changes the rate between steps

type Reference = (w: Float64Array[], g: Float64Array[], state: Float64Array[][], lr: number, step: number) => void;

/** torch.optim.SGD, dampening 0. */
const torchSgd = (momentum: number, nesterov: boolean, wd: number): Reference => (ws, gs, state, lr) => {
  ws.forEach((w, k) => {
    const g = gs[k] as Float64Array;
    const buf = (state[k] ??= [new Float64Array(w.length)])[0] as Float64Array;
    for (let i = 0; i < w.length; i++) {
      let d = (g[i] as number) + wd * (w[i] as number);
      if (momentum > 0) {
        buf[i] = momentum * (buf[i] as number) + d;
        d = nesterov ? d + momentum * (buf[i] as number) : (buf[i] as number);
      }
      w[i] = (w[i] as number) - lr * d;
    }
  });
};

/** torch.optim.Adam (L2) / AdamW (decoupled), eps added outside the square root. */
const torchAdam = (wd: number, decoupled: boolean, eps: number): Reference => (ws, gs, state, lr, step) => {
  ws.forEach((w, k) => {
    const g = gs[k] as Float64Array;
    const [m, v] = (state[k] ??= [new Float64Array(w.length), new Float64Array(w.length)]) as [Float64Array, Float64Array];
    for (let i = 0; i < w.length; i++) {
      let gi = g[i] as number;
      if (decoupled) w[i] = (w[i] as number) * (1 - lr * wd);
      else gi += wd * (w[i] as number);
      m[i] = 0.9 * (m[i] as number) + 0.1 * gi;
      v[i] = 0.999 * (v[i] as number) + 0.001 * gi * gi;
      const mHat = (m[i] as number) / (1 - 0.9 ** step);
      const vHat = (v[i] as number) / (1 - 0.999 ** step);
      w[i] = (w[i] as number) - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  });
};

/** Runs the same gradients through the optimizer and the reference; returns max |Δw|. */
function divergence(optimizer: tf.Optimizer & ScheduledOptimizer, reference: Reference, tag: string): number {
  const initial = SHAPES.map((shape, i) => pseudoRandom(shape.reduce((n, d) => n * d, 1), 5 + i));
  const vars = SHAPES.map((shape, i) => tf.variable(tf.tensor(initial[i] as Float32Array, shape), true, `${tag}-${i}`));
  const ref = initial.map((w) => Float64Array.from(w));
  const state: Float64Array[][] = [];
  for (let step = 0; step < STEPS; step++) {
    const grads = SHAPES.map((shape, i) => pseudoRandom(shape.reduce((n, d) => n * d, 1), 100 * step + i));
    optimizer.learningRate = LRS[step] as number;
    tf.tidy(() => optimizer.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(grads[i] as Float32Array, SHAPES[i]) }))));
    reference(ref, grads.map((g) => Float64Array.from(g)), state, LRS[step] as number, step + 1);
  }
  const worst = Math.max(...vars.map((v, i) => maxAbsDiff(v.dataSync(), Float32Array.from(ref[i] as Float64Array))));
  expect(maxAbsDiff((vars[0] as tf.Variable).dataSync(), initial[0] as Float32Array)).toBeGreaterThan(1e-3); // it moved
  tf.dispose(vars);
  optimizer.dispose();
  return worst;
}

const CASES: [string, (fused: boolean) => tf.Optimizer & ScheduledOptimizer, Reference][] = [
  ['SGD', (fused) => new SgdOptimizer(0.1, { fused }), torchSgd(0, false, 0)],
  ['SGD momentum 0.9', (fused) => new SgdOptimizer(0.1, { momentum: 0.9, fused }), torchSgd(0.9, false, 0)],
  ['SGD momentum 0.9, weight decay 5e-4', (fused) => new SgdOptimizer(0.1, { momentum: 0.9, weightDecay: 5e-4, fused }), torchSgd(0.9, false, 5e-4)],
  ['SGD Nesterov 0.9, weight decay 5e-4', (fused) => new SgdOptimizer(0.1, { momentum: 0.9, nesterov: true, weightDecay: 5e-4, fused }), torchSgd(0.9, true, 5e-4)],
  ['Adam', (fused) => new AdamOptimizer(0.1, { epsilon: 1e-7, fused }), torchAdam(0, false, 1e-7)],
  ['Adam, L2 1e-2', (fused) => new AdamOptimizer(0.1, { epsilon: 1e-7, weightDecay: 1e-2, fused }), torchAdam(1e-2, false, 1e-7)],
  ['AdamW 1e-2', (fused) => new AdamOptimizer(0.1, { epsilon: 1e-8, weightDecay: 1e-2, decoupled: true, fused }), torchAdam(1e-2, true, 1e-8)],
];

describe('optimizers against PyTorch’s update rules (TF.js ops)', () => {
  afterAll(async () => { await tf.setBackend('cpu'); });
  for (const [name, make, reference] of CASES) {
    it(`${name} matches over ${STEPS} steps with a changing learning rate`, async () => {
      await tf.setBackend('cpu');
      expect(divergence(make(false), reference, `ops-${name}`)).toBeLessThanOrEqual(2e-5);
    });
  }

  it('RMSprop keeps TF.js’s formula (same weights as tf.train.rmsprop)', async () => {
    await tf.setBackend('cpu');
    const a = tf.variable(tf.tensor(pseudoRandom(50, 1)), true, 'rms-a');
    const b = tf.variable(tf.tensor(pseudoRandom(50, 1)), true, 'rms-b');
    const stock = tf.train.rmsprop(0.01, 0.9, 0.5);
    const ours = new RmspropOptimizer(0.01, 0.5);
    for (let step = 0; step < 4; step++) {
      const g = tf.tensor(pseudoRandom(50, 10 + step));
      stock.applyGradients({ [a.name]: g });
      ours.applyGradients({ [b.name]: g });
      g.dispose();
    }
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThanOrEqual(1e-6);
    tf.dispose([a, b]);
    stock.dispose();
    ours.dispose();
  });

  it('saves and restores its state by weight order, so a resumed run continues the same steps', async () => {
    await tf.setBackend('cpu');
    const make = () => new AdamOptimizer(0.05, { weightDecay: 0.01, decoupled: true, fused: false });
    const [x, y] = [tf.variable(tf.tensor(pseudoRandom(20, 3)), true, 'state-x'), tf.variable(tf.tensor(pseudoRandom(20, 3)), true, 'state-y')];
    const grad = (s: number) => tf.tensor(pseudoRandom(20, 40 + s));
    const first = make();
    for (let s = 0; s < 3; s++) tf.tidy(() => first.applyGradients({ [x.name]: grad(s) }));
    y.assign(x);
    const second = make();
    second.writeSlots([y.name], first.readSlots([x.name]));
    second.setIterations(first.iterations);
    for (let s = 3; s < 5; s++) {
      tf.tidy(() => first.applyGradients({ [x.name]: grad(s) }));
      tf.tidy(() => second.applyGradients({ [y.name]: grad(s) }));
    }
    expect(second.iterations).toBe(5);
    expect(maxAbsDiff(x.dataSync(), y.dataSync())).toBe(0);
    tf.dispose([x, y]);
    first.dispose();
    second.dispose();
  });
});

describe.skipIf(!load.ok)('fused optimizers (native kernels) against PyTorch’s update rules', () => {
  for (const [name, make, reference] of CASES) {
    it(`${name} matches over ${STEPS} steps`, async () => {
      await startWasmBackend();
      const optimizer = make(true);
      const fused = (optimizer as { isFused?: boolean }).isFused;
      expect(fused).toBe(!name.includes('Nesterov') && name !== 'SGD'); // no fused kernel for plain SGD or Nesterov
      expect(divergence(optimizer, reference, `fused-${name}`)).toBeLessThanOrEqual(2e-5);
    });
  }

  it('are what createOptimizer picks on WASM with the native kernels', async () => {
    await startWasmBackend();
    expect(fusedOptimizersAvailable()).toBe(true);
    const adam = createOptimizer({ optimizer: 'adamw', learningRate: 0.001, momentum: 0, weightDecay: 0.01 });
    expect(adam.constructor).toBe(AdamOptimizer);
    expect((adam as AdamOptimizer).isFused && (adam as AdamOptimizer).decoupled).toBe(true);
    expect((createOptimizer({ optimizer: 'sgd', learningRate: 0.01, momentum: 0.9 }) as SgdOptimizer).isFused).toBe(true);
  });

  it('keeps the tensor count flat across steps and frees its state on dispose', async () => {
    await startWasmBackend();
    const before = tf.memory().numTensors;
    const v = tf.tidy(() => tf.variable(tf.ones([3, 4]), true, 'flat-count'));
    const optimizer = new AdamOptimizer(0.1, { weightDecay: 0.1, decoupled: true });
    const step = () => tf.tidy(() => optimizer.applyGradients({ [v.name]: tf.fill([3, 4], 0.5) }));
    step();
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(afterFirst);
    optimizer.dispose();
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
