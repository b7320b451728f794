// TF.js's Conv2D layer, trained through one fused kernel. The stock layer takes TF.js's fused
// conv op, whose gradient is a single custom function: it computes the input gradient even
// where nothing uses it (the first layer's dL/d(image)), and with a ReLU the op is not fused
// in training at all (conv, bias Add and Relu forward; Step, Multiply and Sum backward). Here
// training runs the FusedConv2D kernel itself (bias and ReLU folded in), and its gradient is
// registered per input, so TF.js's tape asks only for the gradients some weight needs; the
// ReLU mask and the bias's gradient are one pass (engine/backend/bias-gradient.ts).
// Outside a gradient (inference, evaluation) the stock layer runs unchanged, so exports match
// it bit for bit. Same numbers, same weights; saved as the stock Conv2D.
import * as tf from '../tf.js';
import { activationBiasGrad } from '../backend/bias-gradient.js';

type StockConv2D = ReturnType<typeof tf.layers.conv2d>;
type Args = Parameters<typeof tf.layers.conv2d>[0];
type CallArgs = Parameters<StockConv2D['call']>;

/** What the fused kernel and its gradient need from the layer (the stock layer's protected state). */
interface ConvState {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null | undefined;
  strides: number[];
  padding: string;
  dilationRate: number[];
  activation: { getClassName(): string };
}

const FUSABLE: Record<string, 'linear' | 'relu'> = { linear: 'linear', relu: 'relu' };

let gradientRegistered = false;

/** The FusedConv2D kernel's gradient, for the activations this layer fuses (linear, ReLU). */
function registerFusedConvGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: tf.FusedConv2D,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor];
      const a = attrs as unknown as tf.FusedConv2DAttrs;
      if (a.activation !== 'linear' && a.activation !== 'relu') throw new Error(`no gradient for a FusedConv2D with activation '${a.activation}'`);
      const g = dy as tf.Tensor;
      // Computed once for all three gradients (mask and bias sum in one pass); the backward pass's scope frees what is unused.
      const [masked, biasGrad] = a.activation === 'linear' ? [g, undefined] : activationBiasGrad(g, y, 0);
      const geometry = { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dimRoundingMode: a.dimRoundingMode };
      return {
        x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: masked, filter }, { ...geometry, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: masked }, { ...geometry, filterShape: filter.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        bias: () => biasGrad ?? tf.sum(masked, [0, 1, 2]),
      };
    },
  });
}

let layerClass: (new (args: Args) => StockConv2D) | undefined;

function conv2dClass(): new (args: Args) => StockConv2D {
  if (layerClass !== undefined) return layerClass;
  registerFusedConvGradient();
  const Stock = tf.layers.conv2d({ filters: 1, kernelSize: 1, name: 'layerloom_stock_conv2d' }).constructor as new (args: Args) => StockConv2D;

  class FusedTrainingConv2D extends Stock {
    static readonly className = 'Conv2D';

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const s = this as unknown as ConvState;
      const activation = FUSABLE[s.activation.getClassName()];
      const recordingGradient = tf.engine().state.gradientDepth > 0;
      const dilated = s.dilationRate.some((d) => d !== 1);
      if (!recordingGradient || activation === undefined || dilated || x === undefined || x.rank !== 4 || (s.padding !== 'same' && s.padding !== 'valid')) {
        return super.call(inputs, kwargs);
      }
      const kernelInputs: tf.NamedTensorMap = { x, filter: s.kernel.read() };
      if (s.bias) kernelInputs['bias'] = s.bias.read();
      return tf.engine().runKernel(tf.FusedConv2D, kernelInputs, {
        strides: s.strides, pad: s.padding, dataFormat: 'NHWC', dilations: [1, 1], activation,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    }
  }
  layerClass = FusedTrainingConv2D;
  return layerClass;
}

/** A Conv2D layer that trains through one fused kernel (see the top of this file). */
export function conv2d(args: Args): StockConv2D {
  return new (conv2dClass())(args);
}
