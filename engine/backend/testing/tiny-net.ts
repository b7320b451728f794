// A small net touching every op a Layerloom graph can hold, for training-step tests.
import * as tf from '../../tf.js';
import { expect } from 'vitest';
import { maxAbsDiff, pseudoRandom } from './util.js';

/**
 * A small net touching every op a Layerloom graph can hold: conv (stride 1/2, same/valid,
 * odd and even kernels),
 * relu, leakyRelu, sigmoid, tanh, concat, add, max/avg pool, batchnorm, dropout, dense and
 * softmax cross-entropy.
 */
export function buildTinyNet(opts: { dropout: boolean } = { dropout: true }): tf.LayersModel {
  const L = tf.layers;
  const input = tf.input({ shape: [12, 12, 3] });
  const c1 = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const a = L.leakyReLU({ alpha: 0.1 }).apply(c1) as tf.SymbolicTensor;
  const b = L.conv2d({ filters: 4, kernelSize: 1, activation: 'sigmoid' }).apply(c1) as tf.SymbolicTensor;
  const cat = L.concatenate().apply([a, b]) as tf.SymbolicTensor;
  const c2 = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh' }).apply(cat) as tf.SymbolicTensor;
  const sum = L.add().apply([c2, a]) as tf.SymbolicTensor;
  // Max-pooling after tanh+leakyReLU sees all-negative windows (the stock WASM MaxPoolGrad
  // dropped their gradient).
  const pooled = L.maxPooling2d({ poolSize: 2 }).apply(sum) as tf.SymbolicTensor;
  // Strided 'same' on an even size pads after only (6 → 3: top 0, bottom 1); so does an even
  // kernel at stride 1; the 2×2/2 average pool over 3×3 leaves a row and a column out.
  const c3 = L.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same' }).apply(pooled) as tf.SymbolicTensor;
  const c4 = L.conv2d({ filters: 5, kernelSize: 2, padding: 'same' }).apply(c3) as tf.SymbolicTensor;
  const avg = L.averagePooling2d({ poolSize: 2 }).apply(c4) as tf.SymbolicTensor;
  const bn = L.batchNormalization().apply(avg) as tf.SymbolicTensor;
  const flat = L.flatten().apply(bn) as tf.SymbolicTensor;
  const drop = opts.dropout ? (L.dropout({ rate: 0.25 }).apply(flat) as tf.SymbolicTensor) : flat;
  const out = L.dense({ units: 10, activation: 'softmax' }).apply(drop) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Two training steps with each optimizer; returns the losses. */
export async function trainTinyNetSteps(): Promise<Record<string, number[]>> {
  const xs = tf.tensor4d(pseudoRandom(6 * 12 * 12 * 3, 5), [6, 12, 12, 3]);
  const ys = tf.oneHot(tf.tensor1d([0, 3, 9, 1, 3, 7], 'int32'), 10);
  const optimizers: Record<string, () => tf.Optimizer> = {
    'sgd+momentum': () => tf.train.momentum(0.01, 0.9),
    adam: () => tf.train.adam(0.001),
    rmsprop: () => tf.train.rmsprop(0.001, 0.9, 0.9), // with momentum, as engine/train offers it
  };
  const losses: Record<string, number[]> = {};
  for (const [name, make] of Object.entries(optimizers)) {
    const model = buildTinyNet();
    model.compile({ optimizer: make(), loss: 'categoricalCrossentropy' });
    const steps: number[] = [];
    for (let i = 0; i < 2; i++) steps.push((await model.trainOnBatch(xs, ys)) as number);
    losses[name] = steps;
    model.dispose();
  }
  tf.dispose([xs, ys]);
  return losses;
}
/** Sets every weight of a model to fixed pseudo-random values, so two backends see one model. */
export function setFixedWeights(model: tf.LayersModel): void {
  const names = model.weights.map((w) => w.name);
  model.setWeights(
    model.getWeights().map((w, i) => {
      const values = pseudoRandom(w.size, 100 + i).map((v) => v * 0.5);
      // BatchNorm variance must stay positive.
      return tf.tensor(names[i]?.includes('variance') === true ? values.map((v) => 1 + Math.abs(v)) : values, w.shape);
    }),
  );
}

/** Gradients of the tiny net's loss (no dropout) for every trainable weight, in order. */
export function tinyNetGradients(): Float32Array[] {
  const model = buildTinyNet({ dropout: false });
  setFixedWeights(model);
  const xs = tf.tensor4d(pseudoRandom(6 * 12 * 12 * 3, 5), [6, 12, 12, 3]);
  const ys = tf.oneHot(tf.tensor1d([0, 3, 9, 1, 3, 7], 'int32'), 10);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
    vars,
  );
  const out = vars.map((v) => {
    const g = grads[v.name];
    if (g === undefined) throw new Error(`no gradient for ${v.name}`);
    return g.dataSync() as Float32Array;
  });
  tf.dispose([xs, ys, ...Object.values(grads)]);
  model.dispose();
  return out;
}

/**
 * Every weight's gradient within 1e-3 of the reference's largest for that weight; the floor
 * covers biases that batchnorm makes (almost) gradient-free.
 */
export function expectSameGradients(got: Float32Array[], reference: Float32Array[]): void {
  expect(got.length).toBe(reference.length);
  reference.forEach((ref, i) => {
    const largest = Math.max(...Array.from(ref, Math.abs));
    expect(maxAbsDiff(got[i] ?? new Float32Array(), ref), `weight ${i}`).toBeLessThanOrEqual(1e-3 * largest + 1e-7);
  });
}
