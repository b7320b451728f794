#!/usr/bin/env node
// Times the native kernels on the geometries the templates and common palette graphs use,
// straight through the addon (no TF.js): the fastest of --reps runs after a warm-up, in ms and
// GFLOP/s. For comparing variants of a kernel: run it alternately with the old and new build.
// --cpu reports the CPU time of all threads instead of wall time (steadier on a shared
// machine, where waiting for a core counts in wall time only; GFLOP/s then per core).
//   node engine/native/bench.mjs [--family conv|gemm|pool|optimizer] [--only TEXT] [--reps 15] [--addon PATH] [--cpu]
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { family: { type: 'string' }, reps: { type: 'string', default: '15' }, addon: { type: 'string' }, cpu: { type: 'boolean', default: false }, only: { type: 'string' } } });
// Rows whose label contains --only, if given.
const picked = (rows) => rows.filter(([label]) => values.only === undefined || label.includes(values.only));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const native = createRequire(import.meta.url)(values.addon === undefined ? join(root, 'dist', 'native', 'layerloom_kernels.node') : resolve(values.addon));
const reps = Math.max(3, Number(values.reps));

const filled = (n) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));
function time(run) {
  run();
  const t = [];
  for (let i = 0; i < reps; i++) {
    if (values.cpu) {
      const started = process.cpuUsage();
      run();
      const used = process.cpuUsage(started);
      t.push((used.user + used.system) / 1e3);
    } else {
      const started = process.hrtime.bigint();
      run();
      t.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  // The fastest run: on a shared machine the others are the same work plus interference.
  return Math.min(...t);
}

// [label, n, h, w, ci, k, co, stride, 'same' | 'valid']
const CONVS = [
  ['LeNet conv1 5×5 3→6', 100, 32, 32, 3, 5, 6, 1, 'valid'],
  ['LeNet conv2 5×5 6→16', 100, 14, 14, 6, 5, 16, 1, 'valid'],
  ['first layer 3×3 3→16 same', 64, 32, 32, 3, 3, 16, 1, 'same'],
  ['3×3 16→16 same', 64, 32, 32, 16, 3, 16, 1, 'same'],
  ['3×3 32→32 same', 64, 16, 16, 32, 3, 32, 1, 'same'],
  ['3×3 64→64 same', 64, 8, 8, 64, 3, 64, 1, 'same'],
  ['3×3 64→64 same 16×16', 64, 16, 16, 64, 3, 64, 1, 'same'],
  ['3×3/2 16→32 same', 64, 32, 32, 16, 3, 32, 2, 'same'],
  ['3×3/2 32→64 same', 64, 16, 16, 32, 3, 64, 2, 'same'],
  ['1×1 64→128', 64, 8, 8, 64, 1, 128, 1, 'valid'],
];

function axis(size, k, s, pad) {
  if (pad === 'valid') return { out: Math.floor((size - k) / s) + 1, before: 0 };
  const out = Math.ceil(size / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) };
}

function benchConv() {
  console.log('conv (ms, GFLOP/s)                 forward         filter grad     input grad');
  for (const [label, n, h, w, ci, k, co, s, pad] of picked(CONVS)) {
    const r = axis(h, k, s, pad);
    const c = axis(w, k, s, pad);
    const g = Int32Array.of(n, h, w, ci, k, k, co, s, s, r.before, c.before, r.out, c.out);
    const [x, f, dy] = [filled(n * h * w * ci), filled(k * k * ci * co), filled(n * r.out * c.out * co)];
    const [y, dw, dx] = [new Float32Array(dy.length), new Float32Array(f.length), new Float32Array(x.length)];
    const flop = 2 * n * r.out * c.out * co * k * k * ci;
    const cell = (ms) => `${ms.toFixed(2).padStart(7)} ${(flop / ms / 1e6).toFixed(0).padStart(4)}   `;
    console.log(
      `${label.padEnd(34)} ${cell(time(() => native.conv2d(g, x, f, null, y, 0, 0)))}${cell(time(() => native.conv2dFilterGrad(g, x, dy, dw)))}${cell(time(() => native.conv2dInputGrad(g, dy, f, dx)))}`,
    );
  }
}

// [label, m, n, k, transA, transB]: a dense layer's forward, weight gradient (Aᵀ·dY) and input gradient (dY·Bᵀ).
const GEMMS = [
  ['MLP 3072→256 forward', 64, 256, 3072, 0, 0],
  ['MLP 3072→256 dW = xᵀ·dy', 3072, 256, 64, 1, 0],
  ['MLP 3072→256 dx = dy·Wᵀ', 64, 3072, 256, 0, 1],
  ['MLP 256→128 forward', 64, 128, 256, 0, 0],
  ['VGG 1024→128 forward', 64, 128, 1024, 0, 0],
  ['head 128→10 dW = xᵀ·dy', 128, 10, 64, 1, 0],
];

function benchGemm() {
  console.log('gemm                                ms   GFLOP/s');
  for (const [label, m, n, k, tA, tB] of picked(GEMMS)) {
    const g = Int32Array.of(1, m, n, k, tA, tB, 0, 0);
    const [a, b, c] = [filled(m * k), filled(k * n), new Float32Array(m * n)];
    const ms = time(() => native.matMul(g, a, b, c));
    console.log(`${label.padEnd(32)} ${ms.toFixed(3).padStart(7)} ${((2 * m * n * k) / ms / 1e6).toFixed(0).padStart(6)}`);
  }
}

// [label, n, h, w, c, k, stride, pad]
const POOLS = [
  ['LeNet 2×2/2 28×28×6', 64, 28, 28, 6, 2, 2, 'valid'],
  ['ResNet-mini head 8×8/8', 64, 8, 8, 32, 8, 8, 'valid'],
  ['2×2/2 32×32×16', 64, 32, 32, 16, 2, 2, 'valid'],
  ['3×3/2 same 32×32×32', 64, 32, 32, 32, 3, 2, 'same'],
];

function benchPool() {
  console.log('pooling (ms)                     max fwd  max grad avg grad');
  for (const [label, n, h, w, ch, k, s, pad] of picked(POOLS)) {
    const r = axis(h, k, s, pad);
    const c = axis(w, k, s, pad);
    const g = Int32Array.of(n, h, w, ch, k, k, s, s, r.before, c.before, r.out, c.out);
    const [x, dy, dx] = [filled(n * h * w * ch), filled(n * r.out * c.out * ch), new Float32Array(n * h * w * ch)];
    const ms = [time(() => native.maxPool(g, x, dy)), time(() => native.maxPoolGrad(g, x, dy, dx)), time(() => native.avgPoolGrad(g, dy, dx))];
    console.log(`${label.padEnd(32)} ${ms.map((t) => t.toFixed(3).padStart(8)).join(' ')}`);
  }
}

// [label, weights]: one optimizer update of a weight of that many values (read 4 arrays, write 3).
const UPDATES = [
  ['MLP 3072×256', 3072 * 256],
  ['ResNet 3×3 128→128', 9 * 128 * 128],
];

function benchOptimizer() {
  console.log('optimizer update (ms, GB/s)         adam            momentum');
  const params = Float32Array.of(0.001, 0.9, 0.999, 1e-7, 0.1, 0.001);
  for (const [label, n] of picked(UPDATES)) {
    const [w, g, m] = [filled(n), filled(n), filled(n)];
    const v = filled(n).map(Math.abs);
    const [ow, om, ov] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    const cell = (ms, arrays) => `${ms.toFixed(3).padStart(7)} ${((arrays * 4 * n) / ms / 1e6).toFixed(1).padStart(5)}   `;
    const adam = time(() => native.adamUpdate(params, w, g, m, v, ow, om, ov));
    const momentum = time(() => native.momentumUpdate(Float32Array.of(0.01, 0.9), w, g, m, ow, om));
    console.log(`${label.padEnd(32)} ${cell(adam, 7)}${cell(momentum, 5)}`);
  }
}

console.log(`native kernels, ${native.threads()} threads, fastest of ${reps}${values.cpu ? ', CPU time of all threads' : ''}`);
const families = { conv: benchConv, gemm: benchGemm, pool: benchPool, optimizer: benchOptimizer };
for (const [name, run] of Object.entries(families)) if (values.family === undefined || values.family === name) run();
