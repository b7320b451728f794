// TF.js's Dense layer, trained through one fused kernel: the counterpart of conv-layer.ts. In
// training the stock layer runs a ReLU dense unfused (MatMul, bias Add, Relu; Step, Multiply and
// Sum backward). Here it calls the _FusedMatMul kernel (bias and ReLU inside) with a gradient
// registered per input, so the tape takes only the gradients some weight needs and the ReLU mask
// is one pass. Outside a gradient the stock layer runs unchanged. Saved as the stock Dense.
import * as tf from '../tf.js';
import { reluMask } from './conv-layer.js';

type StockDense = ReturnType<typeof tf.layers.dense>;
type Args = Parameters<typeof tf.layers.dense>[0];
type CallArgs = Parameters<StockDense['call']>;

/** What the fused kernel needs from the layer (the stock layer's protected state). */
interface DenseState {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null | undefined;
  activation: { getClassName(): string };
}

const FUSABLE: Record<string, 'linear' | 'relu'> = { linear: 'linear', relu: 'relu' };

let gradientRegistered = false;

/** The _FusedMatMul kernel's gradient for what this layer runs: [1,n,k]·[1,k,m], linear or ReLU. */
function registerFusedMatMulGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: tf._FusedMatMul,
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [a, b, y] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const { transposeA, transposeB, activation } = attrs as unknown as tf.BatchMatMulAttrs & { activation: string };
      if (transposeA || transposeB || (activation !== 'linear' && activation !== 'relu')) {
        throw new Error(`no gradient for a _FusedMatMul with transposes or activation '${activation}'`);
      }
      // Computed once for all three gradients; the backward pass's scope frees it.
      const masked = activation === 'relu' ? reluMask(dy as tf.Tensor, y) : dy as tf.Tensor;
      const product = (x: tf.Tensor, z: tf.Tensor, tA: boolean, tB: boolean) =>
        tf.engine().runKernel(tf.BatchMatMul, { a: x, b: z }, { transposeA: tA, transposeB: tB }) as tf.Tensor;
      return {
        a: () => product(masked, b, false, true),
        b: () => product(a, masked, true, false),
        bias: () => tf.sum(masked, [0, 1]),
      };
    },
  });
}

let layerClass: (new (args: Args) => StockDense) | undefined;

function denseClass(): new (args: Args) => StockDense {
  if (layerClass !== undefined) return layerClass;
  registerFusedMatMulGradient();
  const Stock = tf.layers.dense({ units: 1, name: 'layerloom_stock_dense' }).constructor as new (args: Args) => StockDense;

  class FusedTrainingDense extends Stock {
    static readonly className = 'Dense';

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const s = this as unknown as DenseState;
      const activation = FUSABLE[s.activation.getClassName()];
      const recordingGradient = tf.engine().state.gradientDepth > 0;
      if (!recordingGradient || activation === undefined || x === undefined || x.rank !== 2) return super.call(inputs, kwargs);
      return tf.tidy(() => {
        const kernel = s.kernel.read();
        const kernelInputs: tf.NamedTensorMap = { a: tf.reshape(x, [1, ...x.shape]), b: tf.reshape(kernel, [1, ...kernel.shape]) };
        if (s.bias) kernelInputs['bias'] = s.bias.read();
        const y = tf.engine().runKernel(tf._FusedMatMul, kernelInputs, { transposeA: false, transposeB: false, activation } as unknown as tf.NamedAttrMap) as tf.Tensor;
        return tf.reshape(y, [x.shape[0] as number, kernel.shape[1] as number]);
      });
    }
  }
  layerClass = FusedTrainingDense;
  return layerClass;
}

/** A Dense layer that trains through one fused kernel (see the top of this file). */
export function dense(args: Args): StockDense {
  return new (denseClass())(args);
}
