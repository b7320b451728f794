// TF.js's Dense layer, trained through one kernel of ours where the native kernels run
// (LayerloomDense: the GEMM, then bias and activation in one pass over its output). In training
// the stock layer does not fuse a ReLU (MatMul, Add, Relu forward; Step, Cast, Multiply, Sum
// backward: seven kernels and their JS dispatch for a layer whose GEMM takes ~0.05 ms), and
// fuses a linear one through a custom gradient that computes the input gradient even where
// nothing uses it. Here the gradient is registered per input, so TF.js's tape asks only for
// what some weight needs, and mask and bias sum are one pass (engine/backend/bias-gradient.ts).
// Outside a gradient, and on backends without the kernel, the stock layer runs unchanged.
// Same numbers, same weights; saved as the stock Dense.
import * as tf from '../tf.js';
import { activationBiasGrad } from '../backend/bias-gradient.js';
import { LAYERLOOM_DENSE, type DenseAttrs } from '../backend/native-kernels.js';

type StockDense = ReturnType<typeof tf.layers.dense>;
type Args = Parameters<typeof tf.layers.dense>[0];
type CallArgs = Parameters<StockDense['call']>;

/** What the kernel and its gradient need from the layer (the stock layer's protected state). */
interface DenseState {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null | undefined;
  activation: { getClassName(): string };
}

const FUSABLE: Record<string, DenseAttrs['activation']> = { linear: 'linear', relu: 'relu' };

let gradientRegistered = false;

function registerDenseGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: LAYERLOOM_DENSE,
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const { activation } = attrs as unknown as DenseAttrs;
      const g = dy as tf.Tensor2D;
      // Computed once for all three gradients; the backward pass's scope frees what is unused.
      const [dz, biasGrad] = activation === 'relu' ? activationBiasGrad(g, y, 0) : [g, undefined];
      return {
        x: () => tf.matMul(dz as tf.Tensor2D, kernel, false, true),
        kernel: () => tf.matMul(x, dz as tf.Tensor2D, true, false),
        bias: () => biasGrad ?? tf.sum(dz, 0),
      };
    },
  });
}

let layerClass: (new (args: Args) => StockDense) | undefined;

function denseClass(): new (args: Args) => StockDense {
  if (layerClass !== undefined) return layerClass;
  registerDenseGradient();
  const Stock = tf.layers.dense({ units: 1, name: 'layerloom_stock_dense' }).constructor as new (args: Args) => StockDense;

  class FusedTrainingDense extends Stock {
    static readonly className = 'Dense';

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const s = this as unknown as DenseState;
      const activation = FUSABLE[s.activation.getClassName()];
      const fast = tf.engine().state.gradientDepth > 0 && activation !== undefined && x !== undefined && x.rank === 2 &&
        x.dtype === 'float32' && tf.getKernel(LAYERLOOM_DENSE, tf.getBackend()) !== undefined;
      if (!fast) return super.call(inputs, kwargs);
      const kernelInputs: tf.NamedTensorMap = { x, kernel: s.kernel.read() };
      if (s.bias) kernelInputs['bias'] = s.bias.read();
      const attrs: DenseAttrs = { activation };
      return tf.engine().runKernel(LAYERLOOM_DENSE, kernelInputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    }
  }
  layerClass = FusedTrainingDense;
  return layerClass;
}

/** A Dense layer that trains through one kernel where the native kernels run (see the top of this file). */
export function dense(args: Args): StockDense {
  return new (denseClass())(args);
}
