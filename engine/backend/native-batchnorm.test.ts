// Training-mode BatchNorm as one fused op (engine/backend/batchnorm-op.ts, native kernels in
// engine/native/norm/): the fast kernels against their reference, the op and a network of
// every layer kind against TF.js's stock CPU backend, the moving averages, inference, and
// saving. Skipped, with the reason printed, where the addon is not built.
import * as tf from '../tf.js';
import { LEAKY_RELU_GRAD } from './native-activations.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormalization } from '../compile/batchnorm-layer.js';
import { compileGraph } from '../compile/compile.js';
import { relu } from '../compile/relu-layer.js';
import { crossEntropy } from '../train/loss.js';
import { BATCHNORM_TRAIN, hasFusedBatchNorm } from './batchnorm-op.js';
import { loadNativeKernels } from './native-kernels.js';
import { BATCHNORM_CASES, batchNormInput, everyKindGraph } from './testing/batchnorm-cases.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';
import { startWasmBackend } from './wasm-init.js';

const load = loadNativeKernels();
if (!load.ok) console.warn(`[native BatchNorm] SKIPPED: ${load.reason}`);

const largest = (a: ArrayLike<number>) => Math.max(1e-30, ...Array.from(a, Math.abs));
/** Within `tol` of the reference's largest magnitude. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  expect(maxAbsDiff(got, want), what).toBeLessThanOrEqual(tol * largest(want));
}

describe.skipIf(!load.ok)('fused BatchNorm', () => {
  beforeAll(async () => {
    await startWasmBackend();
  });
  const native = () => (load.ok ? load.kernels : (undefined as never));

  describe.each([false, true])('native kernel against its reference (relu %s)', (relu) => {
    it.each(BATCHNORM_CASES)('$label', (c) => {
      const { rows, channels: C } = c;
      const x = batchNormInput(c, 3);
      const gamma = pseudoRandom(C, 5).map((v) => v + 1.5);
      const beta = pseudoRandom(C, 7);
      const dy = pseudoRandom(rows * C, 11);
      const run = (reference: number) => {
        const out = { y: new Float32Array(rows * C), mean: new Float32Array(C), variance: new Float32Array(C), dx: new Float32Array(rows * C), dgamma: new Float32Array(C), dbeta: new Float32Array(C) };
        native().batchNormForward(Float32Array.of(1e-3, relu ? 1 : 0, reference), x, gamma, beta, out.y, out.mean, out.variance);
        native().batchNormBackward(Float32Array.of(1e-3, reference), x, dy, relu ? out.y : null, gamma, out.mean, out.variance, out.dx, out.dgamma, out.dbeta);
        return out;
      };
      const [fast, ref] = [run(0), run(1)];
      expect(maxAbsDiff(fast.mean, ref.mean)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(c.offset)));
      expectClose(fast.variance, ref.variance, 1e-5, 'variance');
      expectClose(fast.y, ref.y, 1e-5, 'y');
      expectClose(fast.dx, ref.dx, 1e-4, 'dx');
      expectClose(fast.dgamma, ref.dgamma, 1e-4, 'dgamma');
      expectClose(fast.dbeta, ref.dbeta, 1e-5, 'dbeta');
    });
  });

  it.each(BATCHNORM_CASES)('inference kernel against its reference: $label', (c) => {
    const C = c.channels;
    const x = batchNormInput(c, 4);
    const [mean, variance, gamma, beta] = [pseudoRandom(C, 5).map((v) => v + c.offset), pseudoRandom(C, 6).map((v) => 0.5 + Math.abs(v)), pseudoRandom(C, 7), pseudoRandom(C, 8)];
    const run = (reference: number) => {
      const y = new Float32Array(c.rows * C);
      native().batchNormInference(Float32Array.of(1e-3, reference), x, mean, variance, gamma, beta, y);
      return y;
    };
    expectClose(run(0), run(1), 1e-5, 'y');
  });

  it.each([
    { label: 'per-channel [C] statistics, scale and offset', stats: [5], scale: true, offset: true },
    { label: '[1, 1, 1, C] statistics, no scale or offset', stats: [1, 1, 1, 5], scale: false, offset: false },
    { label: 'statistics along another axis (stock kernel)', stats: [1, 3, 1, 1], scale: true, offset: false },
  ])('inference (tf.batchNorm) matches the CPU backend: $label', async (c) => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const size = c.stats.reduce((p, d) => p * d, 1);
        const x = tf.tensor4d(pseudoRandom(2 * 3 * 4 * 5, 3).map((v) => v * 4 + 1), [2, 3, 4, 5]);
        const stat = (seed: number, positive = false) => tf.tensor(pseudoRandom(size, seed).map((v) => (positive ? 0.5 + Math.abs(v) : v)), c.stats);
        return tf.batchNorm(x, stat(11), stat(12, true), c.offset ? stat(13) : undefined, c.scale ? stat(14) : undefined, 1e-3).dataSync();
      });
    };
    const stock = await run('cpu');
    expectClose(await run('wasm'), stock, 1e-5, 'y');
  });

  it('refuses buffers that do not fit together, naming the problem', () => {
    const f = (n: number) => new Float32Array(n);
    expect(() => native().batchNormForward(Float32Array.of(1e-3, 0, 0), f(10), f(3), f(3), f(10), f(3), f(3))).toThrow(/whole rows/);
    expect(() => native().batchNormBackward(Float32Array.of(1e-3, 0), f(9), f(9), f(8), f(3), f(3), f(3), f(9), f(3), f(3))).toThrow(/whole rows/);
  });

  /** One BatchNorm layer on [4, 5, 3, C]: y, the gradients of Σ y·w, and the moving averages after `steps` training calls. */
  function layerRun(backend: 'cpu' | 'wasm', channels: number, steps: number) {
    tf.setBackend(backend);
    const shape = [4, 5, 3, channels];
    const size = shape.reduce((p, d) => p * d, 1);
    return tf.tidy(() => {
      const layer = batchNormalization({ name: `bn_${backend}`, momentum: 0.8, epsilon: 1e-3 });
      const x = tf.variable(tf.tensor(pseudoRandom(size, 21).map((v, i) => v * (1 + (i % channels)) + 0.3), shape));
      layer.apply(x, { training: false }); // builds the weights
      layer.setWeights([pseudoRandom(channels, 23).map((v) => v + 1.5), pseudoRandom(channels, 29), pseudoRandom(channels, 31), pseudoRandom(channels, 37).map((v) => 1 + Math.abs(v))].map((v) => tf.tensor1d(v)));
      const w = tf.tensor(pseudoRandom(size, 41), shape);
      const vars = [x, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)];
      let y: tf.Tensor | undefined;
      const { grads } = tf.variableGrads(() => {
        y = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
        return tf.sum(tf.mul(y, w)) as tf.Scalar;
      }, vars);
      for (let i = 1; i < steps; i++) layer.apply(x, { training: true });
      const [, , movingMean, movingVariance] = layer.getWeights().map((t) => t.dataSync());
      const inference = (layer.apply(x, { training: false }) as tf.Tensor).dataSync();
      return {
        y: (y as tf.Tensor).dataSync(), grads: vars.map((v) => (grads[v.name] as tf.Tensor).dataSync()),
        movingMean: movingMean as Float32Array, movingVariance: movingVariance as Float32Array, inference, x: x.dataSync(), weights: layer.getWeights().map((t) => t.dataSync()),
      };
    });
  }

  it.each([1, 5, 16])('as a layer matches the stock layer on the CPU backend: output, gradients, moving averages (%i channels)', async (channels) => {
    const stock = layerRun('cpu', channels, 3);
    const fused = layerRun('wasm', channels, 3);
    await tf.setBackend('wasm');
    expectClose(fused.y, stock.y, 1e-5, 'y');
    ['dx', 'dgamma', 'dbeta'].forEach((what, i) => expectClose(fused.grads[i] as Float32Array, stock.grads[i] as Float32Array, 1e-4, what));
    expectClose(fused.movingMean, stock.movingMean, 1e-5, 'moving mean');
    expectClose(fused.movingVariance, stock.movingVariance, 1e-5, 'moving variance');
    expectClose(fused.inference, stock.inference, 1e-5, 'inference output');
  });

  it('keeps Keras moving averages: m ← m − (m − batch)·(1 − momentum), biased batch variance, and inference uses them', async () => {
    await tf.setBackend('wasm');
    const C = 2;
    const r = layerRun('wasm', C, 1);
    const [gamma, beta, m0, v0] = [pseudoRandom(C, 23).map((v) => v + 1.5), pseudoRandom(C, 29), pseudoRandom(C, 31), pseudoRandom(C, 37).map((v) => 1 + Math.abs(v))];
    const rows = r.x.length / C;
    for (let c = 0; c < C; c++) {
      const xs = Array.from({ length: rows }, (_, i) => r.x[i * C + c] as number);
      const mean = xs.reduce((a, b) => a + b, 0) / rows;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / rows;
      const mm = (m0[c] as number) - ((m0[c] as number) - mean) * 0.2;
      const mv = (v0[c] as number) - ((v0[c] as number) - variance) * 0.2;
      expect(r.movingMean[c]).toBeCloseTo(mm, 5);
      expect(r.movingVariance[c]).toBeCloseTo(mv, 5);
      const invStd = 1 / Math.sqrt(mv + 1e-3);
      const batchInvStd = 1 / Math.sqrt(variance + 1e-3);
      for (let i = 0; i < rows; i++) {
        expect(r.inference[i * C + c]).toBeCloseTo((gamma[c] as number) * ((xs[i] as number) - mm) * invStd + (beta[c] as number), 4);
        expect(r.y[i * C + c]).toBeCloseTo((gamma[c] as number) * ((xs[i] as number) - mean) * batchInvStd + (beta[c] as number), 4);
      }
    }
  });

  it.each([false, true])('records one op forward and one backward (ReLU folded in: %s): no Tile, Mean, Square, Relu or Step', async (foldRelu) => {
    await tf.setBackend('wasm');
    expect(hasFusedBatchNorm()).toBe(true);
    const layer = batchNormalization({ name: 'bn_ops', momentum: 0.9, epsilon: 1e-3 }, { foldRelu });
    const after = relu('relu_ops');
    const x = tf.variable(tf.tensor4d(pseudoRandom(2 * 3 * 3 * 4, 3), [2, 3, 3, 4]));
    layer.apply(x, { training: false });
    const step = () => after.apply(layer.apply(x, { training: true }), { training: true }) as tf.Tensor;
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(step()) as tf.Scalar, [x]);
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(info.kernelNames).toContain(BATCHNORM_TRAIN);
    for (const slow of ['Tile', 'Mean', 'Square', 'Rsqrt']) expect(info.kernelNames).not.toContain(slow);
    // Unfolded, the ReLU runs forward and its gradient is one native pass (no Step either way).
    expect(info.kernelNames.includes('Relu')).toBe(!foldRelu);
    expect(info.kernelNames.includes(LEAKY_RELU_GRAD)).toBe(!foldRelu);
    expect(info.kernelNames).not.toContain('Step');
    // The output is rectified either way; an untagged input still goes through the stock ReLU.
    const y = step();
    expect(tf.min(y).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(after.apply(tf.neg(tf.abs(x)), { training: true }) as tf.Tensor).dataSync()[0]).toBe(0);
    tf.dispose([x, y]);
    layer.dispose();
  });

  it('folds a ReLU without changing the numbers: BatchNorm + ReLU output and gradients as the stock layers on the CPU', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const layer = batchNormalization({ name: `bn_relu_${backend}` }, { foldRelu: true });
        const after = relu(`relu_${backend}`);
        const x = tf.variable(tf.tensor4d(pseudoRandom(3 * 4 * 4 * 6, 13), [3, 4, 4, 6]));
        const w = tf.tensor4d(pseudoRandom(3 * 4 * 4 * 6, 17), [3, 4, 4, 6]);
        layer.apply(x, { training: false });
        const vars = [x, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)];
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(after.apply(layer.apply(x, { training: true }), { training: true }) as tf.Tensor, w)) as tf.Scalar, vars);
        return [value.dataSync(), ...vars.map((v) => (grads[v.name] as tf.Tensor).dataSync())];
      });
    };
    const stock = await run('cpu');
    const fused = await run('wasm');
    stock.forEach((want, i) => expectClose(fused[i] as Float32Array, want, 1e-4, ['loss', 'dx', 'dgamma', 'dbeta'][i] as string));
  });

  // A bias right before a BatchNorm has a gradient of exactly 0 in theory, float noise in
  // practice: each weight's tolerance is 1e-4 of its own largest gradient, at least 1e-4 of
  // the network's largest.
  it('gives a network of every layer kind the stock CPU backend\'s gradients (≤ 1e-4 relative)', async () => {
    const gradientsOn = async (backend: 'cpu' | 'wasm', model: tf.LayersModel) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const xs = tf.tensor4d(pseudoRandom(3 * 32 * 32 * 3, 5), [3, 32, 32, 3]);
        const labels = tf.tensor1d([1, 4, 9], 'int32');
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(() => crossEntropy(labels, model.apply(xs, { training: true }) as tf.Tensor, true), vars);
        return vars.map((v) => (grads[v.name] as tf.Tensor).dataSync());
      });
    };
    await tf.setBackend('cpu');
    const { model } = compileGraph(everyKindGraph(), { seed: 1 });
    const initial = model.getWeights().map((t) => t.clone());
    const stock = await gradientsOn('cpu', model);
    const stockMoving = model.getWeights().map((t) => t.dataSync());
    model.setWeights(initial);
    const fused = await gradientsOn('wasm', model);
    const fusedMoving = model.getWeights().map((t) => t.dataSync());
    expect(fused.length).toBe(stock.length);
    const networkLargest = Math.max(...stock.map(largest));
    stock.forEach((g, i) => {
      const what = `gradient of ${model.trainableWeights[i]?.name}`;
      expect(maxAbsDiff(fused[i] as Float32Array, g), what).toBeLessThanOrEqual(1e-4 * Math.max(largest(g), networkLargest));
    });
    stockMoving.forEach((w, i) => expectClose(fusedMoving[i] as Float32Array, w, 1e-5, `weight ${model.weights[i]?.name} after the step`));
    tf.dispose(initial);
    model.dispose();
  });

  it('saves as the stock BatchNormalization layer and loads back to the same predictions', async () => {
    await tf.setBackend('wasm');
    const { model } = compileGraph(everyKindGraph(), { seed: 2 });
    const json = model.toJSON(null, false) as unknown as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const bns = json.config.layers.filter((l) => l.config['name'] === 'bn1' || l.config['name'] === 'bn2' || l.config['name'] === 'bn3');
    expect(bns.map((l) => l.class_name)).toEqual(['BatchNormalization', 'BatchNormalization', 'BatchNormalization']);
    const input = tf.input({ shape: [32, 32, 4] });
    const stockModel = tf.model({ inputs: input, outputs: tf.layers.batchNormalization({ name: 'bn1', momentum: 0.9, epsilon: 0.001 }).apply(input) as tf.SymbolicTensor });
    const stockJson = stockModel.toJSON(null, false) as unknown as typeof json;
    const stockLayer = stockJson.config.layers.find((l) => l.config['name'] === 'bn1');
    expect([bns[0]?.class_name, bns[0]?.config]).toEqual([stockLayer?.class_name, stockLayer?.config]);
    stockModel.dispose();
    const loaded = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(json)));
    loaded.setWeights(model.getWeights());
    expect(loaded.getLayer('bn1').constructor).toBe(tf.layers.batchNormalization({ name: 'probe' }).constructor);
    const xs = tf.tensor4d(pseudoRandom(2 * 32 * 32 * 3, 9), [2, 32, 32, 3]);
    const [a, b] = [model.predict(xs) as tf.Tensor, loaded.predict(xs) as tf.Tensor];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBeLessThanOrEqual(1e-6);
    tf.dispose([xs, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
