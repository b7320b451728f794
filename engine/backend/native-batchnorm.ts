// The fused training-mode BatchNorm kernels (engine/backend/batchnorm-op.ts) on the WASM
// backend, computed by the native addon (engine/native/norm/batchnorm.cc) on the WASM heap,
// and TF.js's own FusedBatchNorm (inference: evaluation, the test pass, the confusion
// matrix), whose stock WASM kernel took ~20 ms on a [64, 32, 32, 16] tensor.
import * as tf from '../tf.js';
import type { BatchNormTrainAttrs } from './batchnorm-op.js';
import { BATCHNORM_TRAIN, BATCHNORM_TRAIN_GRAD } from './batchnorm-op.js';
import { overrideKernel } from './kernel-override.js';
import type { WasmHeapBackend } from './wasm-call.js';

/** The addon's BatchNorm entry points; the last value of params set to 1 runs the plain reference. */
export interface NativeBatchNormKernels {
  /** params: epsilon, relu (0/1), reference (0/1). */
  batchNormForward(params: Float32Array, x: Float32Array, gamma: Float32Array, beta: Float32Array,
    y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /** params: epsilon, reference (0/1). y is the forward's output when a ReLU was fused in, else null. */
  batchNormBackward(params: Float32Array, x: Float32Array, dy: Float32Array, y: Float32Array | null, gamma: Float32Array,
    mean: Float32Array, variance: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): void;
  /** params: epsilon, reference (0/1). */
  batchNormInference(params: Float32Array, x: Float32Array, mean: Float32Array, variance: Float32Array,
    gamma: Float32Array, beta: Float32Array, y: Float32Array): void;
}

/** The named inputs, each float32 with the channel count checked; throws naming what is wrong. */
function channelInputs(kernel: string, inputs: tf.NamedTensorInfoMap, full: string[], perChannel: string[]) {
  const get = (name: string) => {
    const t = inputs[name];
    if (t === undefined || t.dtype !== 'float32') throw new Error(`${kernel}: input ${name} must be a float32 tensor`);
    return t;
  };
  const first = get(full[0] as string);
  const channels = first.shape.at(-1) ?? 0;
  if (first.shape.length < 2 || channels === 0 || first.shape.includes(0)) throw new Error(`${kernel}: ${full[0]} must have rows of at least one channel, got shape [${first.shape}]`);
  for (const name of full) {
    if (get(name).shape.join() !== first.shape.join()) throw new Error(`${kernel}: ${name} must have ${full[0]}'s shape [${first.shape}]`);
  }
  for (const name of perChannel) {
    if (get(name).shape.join() !== String(channels)) throw new Error(`${kernel}: ${name} must hold one value per channel (${channels})`);
  }
  return { first, channels };
}

/** Keras's moving-average update in float32, as tfjs-layers computes it: m − (m − batch)·(1 − momentum). */
function movingAverage(moving: Float32Array, batch: Float32Array, momentum: number, out: Float32Array): void {
  const f = Math.fround;
  const decay = f(1 - momentum);
  for (let i = 0; i < out.length; i++) out[i] = f((moving[i] as number) - f(f((moving[i] as number) - (batch[i] as number)) * decay));
}

function forward(native: NativeBatchNormKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { first: x, channels } = channelInputs(BATCHNORM_TRAIN, inputs, ['x'], ['gamma', 'beta', 'movingMean', 'movingVariance']);
    const a = attrs as unknown as BatchNormTrainAttrs;
    const heap = backend as unknown as WasmHeapBackend;
    const outs = [x.shape, [channels], [channels], [channels], [channels]].map((shape) => heap.makeOutput([...shape], 'float32'));
    // Views only after every makeOutput: an allocation may grow (and so detach) the heap.
    const view = (t: tf.TensorInfo | undefined) => heap.typedArrayFromHeap(t as tf.TensorInfo) as Float32Array;
    const [y, mean, variance, newMean, newVariance] = outs.map(view) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    native.batchNormForward(Float32Array.of(a.epsilon, a.relu ? 1 : 0, 0), view(x), view(inputs['gamma']), view(inputs['beta']), y, mean, variance);
    movingAverage(view(inputs['movingMean']), mean, a.momentum, newMean);
    movingAverage(view(inputs['movingVariance']), variance, a.momentum, newVariance);
    return outs;
  };
}

function backward(native: NativeBatchNormKernels): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { first: x, channels } = channelInputs(BATCHNORM_TRAIN_GRAD, inputs, ['x', 'dy', 'y'], ['gamma', 'mean', 'variance']);
    const a = attrs as unknown as BatchNormTrainAttrs;
    const heap = backend as unknown as WasmHeapBackend;
    const outs = [x.shape, [channels], [channels]].map((shape) => heap.makeOutput([...shape], 'float32'));
    const view = (t: tf.TensorInfo | undefined) => heap.typedArrayFromHeap(t as tf.TensorInfo) as Float32Array;
    const [dx, dgamma, dbeta] = outs.map(view) as [Float32Array, Float32Array, Float32Array];
    native.batchNormBackward(
      Float32Array.of(a.epsilon, 0), view(x), view(inputs['dy']), a.relu ? view(inputs['y']) : null, view(inputs['gamma']),
      view(inputs['mean']), view(inputs['variance']), dx, dgamma, dbeta,
    );
    return outs;
  };
}

/** One value per channel: shape [C] or [1, …, 1, C]. */
const perChannel = (t: tf.TensorInfo | undefined, channels: number) =>
  t !== undefined && t.dtype === 'float32' && t.shape.at(-1) === channels && t.shape.slice(0, -1).every((d) => d === 1);

/** tf.batchNorm with channels-last statistics; anything else goes to the stock kernel. */
function inference(native: NativeBatchNormKernels, stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { x, mean, variance, offset, scale } = args.inputs;
    const channels = x?.shape.at(-1) ?? 0;
    const handled = x !== undefined && x.dtype === 'float32' && channels > 0 && !x.shape.includes(0) &&
      perChannel(mean, channels) && perChannel(variance, channels) &&
      (offset === undefined || perChannel(offset, channels)) && (scale === undefined || perChannel(scale, channels));
    if (!handled) {
      if (stock === undefined) throw new Error('WASM backend has no FusedBatchNorm kernel for this case');
      return stock.kernelFunc(args);
    }
    const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
    const heap = args.backend as unknown as WasmHeapBackend;
    const y = heap.makeOutput([...x.shape], 'float32');
    const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    native.batchNormInference(
      Float32Array.of(varianceEpsilon, 0), view(x), view(mean as tf.TensorInfo), view(variance as tf.TensorInfo),
      scale === undefined ? new Float32Array(channels).fill(1) : view(scale), offset === undefined ? new Float32Array(channels) : view(offset), view(y),
    );
    return y;
  };
}

/** Registers the BatchNorm kernels on WASM (idempotent). */
export function registerNativeBatchNorm(native: NativeBatchNormKernels, layer: string): void {
  overrideKernel(BATCHNORM_TRAIN, 'wasm', () => forward(native), layer);
  overrideKernel(BATCHNORM_TRAIN_GRAD, 'wasm', () => backward(native), layer);
  overrideKernel(tf.FusedBatchNorm, 'wasm', (stock) => inference(native, stock), layer);
}
