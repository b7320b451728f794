// TF.js's Conv2D layer for a convolution whose input needs no gradient (it depends on no
// trainable weight: the image, or pooling of it). The stock layer always runs the fused conv
// op, whose gradient is one custom function that computes the input gradient with the others;
// for a linear activation (a conv followed by BatchNorm) that gradient is also used in training,
// so the first layer of every ResNet computed dL/d(image) each step for nothing. The plain
// conv2d op's gradient is per input, and TF.js's tape skips inputs no weight feeds.
// Same numbers, same weights; saved as the stock Conv2D.
import * as tf from '../tf.js';

type StockConv2D = ReturnType<typeof tf.layers.conv2d>;
type Args = Parameters<typeof tf.layers.conv2d>[0];
type CallArgs = Parameters<StockConv2D['call']>;

// The stock layer's protected state that the plain call reads.
interface ConvState {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null | undefined;
  strides: number[];
  padding: string;
  dilationRate: number[];
  activation: { apply(x: tf.Tensor): tf.Tensor };
}

let plainClass: (new (args: Args) => StockConv2D) | undefined;

function conv2dClass(): new (args: Args) => StockConv2D {
  if (plainClass !== undefined) return plainClass;
  const Stock = tf.layers.conv2d({ filters: 1, kernelSize: 1, name: 'layerloom_stock_conv2d' }).constructor as new (args: Args) => StockConv2D;

  class Conv2DWithoutInputGradient extends Stock {
    static readonly className = 'Conv2D';

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const s = this as unknown as ConvState;
      // Outside a gradient (inference, evaluation) the stock fused op: the same as a reloaded export, bit for bit.
      const recordingGradient = tf.engine().state.gradientDepth > 0;
      if (!recordingGradient || x === undefined || x.rank !== 4 || s.padding === 'causal') return super.call(inputs, kwargs);
      return tf.tidy(() => {
        const y = tf.conv2d(x as tf.Tensor4D, s.kernel.read() as tf.Tensor4D, s.strides as [number, number], s.padding as 'same' | 'valid', 'NHWC', s.dilationRate as [number, number]);
        const biased = s.bias ? tf.add(y, s.bias.read()) : y;
        return s.activation.apply(biased);
      });
    }
  }
  plainClass = Conv2DWithoutInputGradient;
  return plainClass;
}

/** A Conv2D layer for an input that no trainable weight feeds (see the top of this file). */
export function conv2dWithoutInputGradient(args: Args): StockConv2D {
  return new (conv2dClass())(args);
}
