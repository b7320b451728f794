// Tanh, LeakyReLU and ReLU's gradient on WASM through the native addon (engine/native/elementwise/
// activations.cc): the stock WASM Tanh calls libm per element (~26 ms on [64,32,32,16]),
// its LeakyRelu took ~10 ms, and LeakyReLU's gradient was Greater + Multiply + Select.
// The gradient is re-registered for every backend: one fused kernel where it exists, the
// stock formula (TF.js's own) elsewhere.
import * as tf from '../tf.js';
import { overrideKernel } from './kernel-override.js';
import type { WasmHeapBackend } from './wasm-call.js';

export interface NativeActivationKernels {
  /** params: op (0 tanh, 1 leakyRelu, 2 leakyRelu gradient, 3 x + dy), alpha, reference (0/1). dy only for the gradient and add. */
  activation(params: Float32Array, x: Float32Array, dy: Float32Array | null, out: Float32Array): void;
}

/** Inputs x and dy → dx = x > 0 ? dy : alpha·dy. */
export const LEAKY_RELU_GRAD = 'LayerloomLeakyReluGrad';

export const ELEMENTWISE_OP = { tanh: 0, leakyRelu: 1, leakyReluGrad: 2, add: 3 } as const;
const OP = ELEMENTWISE_OP;

/**
 * x > 0 ? dy : alpha·dy as one native pass where the kernel exists (float32 on WASM with the
 * addon); elsewhere `stock`, the caller's TF.js formula. LeakyReLU's and ReLU's gradients and
 * the conv and dense layers' backward passes (bias-gradient.ts) all take it.
 */
export function leakyReluGrad(x: tf.Tensor, dy: tf.Tensor, alpha: number, stock: () => tf.Tensor): tf.Tensor {
  if (tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()) !== undefined && x.dtype === 'float32' && dy.dtype === 'float32') {
    return tf.engine().runKernel(LEAKY_RELU_GRAD, { x, dy }, { alpha }) as tf.Tensor;
  }
  return stock();
}

tf.registerGradient({
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
    const g = dy as tf.Tensor;
    return { x: () => leakyReluGrad(x, g, alpha, () => tf.where(tf.greater(x, 0), g, tf.mul(g, alpha))) };
  },
});

// ReLU's gradient as one pass (stock: Step, Cast and Multiply; after a residual Add in
// ResNet-mini those took 0.9 ms per step): LeakyReLU's gradient at alpha 0 is the same
// dy·(x > 0 ? 1 : 0).
tf.registerGradient({
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    return { x: () => leakyReluGrad(x, g, 0, () => tf.mul(g, tf.cast(tf.step(x), 'float32'))) };
  },
});

function elementwise(native: NativeActivationKernels, stock: tf.KernelConfig | undefined, name: string, op: number, names: string[]): tf.KernelFunc {
  return (args) => {
    const infos = names.map((n) => args.inputs[n]);
    const x = infos[0];
    const fits = x !== undefined && infos.every((t) => t !== undefined && t.dtype === 'float32' && t.shape.join() === x.shape.join());
    if (!fits) {
      if (stock === undefined) throw new Error(`${name} needs float32 inputs ${names.join(', ')} of one shape`);
      return stock.kernelFunc(args);
    }
    const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
    const heap = args.backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput([...x.shape], 'float32');
    const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    const dy = infos[1];
    native.activation(Float32Array.of(op, alpha, 0), view(x), dy === undefined ? null : view(dy), view(out));
    return out;
  };
}

/** Registers the activation kernels on WASM (idempotent). */
export function registerNativeActivations(native: NativeActivationKernels, layer: string): void {
  overrideKernel(tf.Tanh, 'wasm', (stock) => elementwise(native, stock, tf.Tanh, OP.tanh, ['x']), layer);
  overrideKernel(tf.LeakyRelu, 'wasm', (stock) => elementwise(native, stock, tf.LeakyRelu, OP.leakyRelu, ['x']), layer);
  overrideKernel(LEAKY_RELU_GRAD, 'wasm', (stock) => elementwise(native, stock, LEAKY_RELU_GRAD, OP.leakyReluGrad, ['x', 'dy']), layer);
}
