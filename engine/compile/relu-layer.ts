// TF.js's Activation('relu') layer that skips its work on a tensor a fused BatchNorm already
// rectified (engine/compile/batchnorm-layer.ts): no ReLU pass forward, and no Step and
// Multiply passes in its gradient, which the BatchNorm's backward kernel masks instead.
// Saved as the stock Activation layer.
import * as tf from '../tf.js';
import { alreadyRectified } from './batchnorm-layer.js';

type StockActivation = ReturnType<typeof tf.layers.activation>;
type Args = Parameters<typeof tf.layers.activation>[0];
type CallArgs = Parameters<StockActivation['call']>;

let fastClass: (new (args: Args) => StockActivation) | undefined;

function reluClass(): new (args: Args) => StockActivation {
  if (fastClass !== undefined) return fastClass;
  const Stock = tf.layers.activation({ activation: 'relu', name: 'layerloom_stock_activation' }).constructor as new (args: Args) => StockActivation;

  class ReluAfterBatchNorm extends Stock {
    static readonly className = 'Activation';

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      // A clone shares the data (no copy) and its gradient is the incoming one, unchanged.
      if (x !== undefined && alreadyRectified(x)) return tf.clone(x);
      return super.call(inputs, kwargs);
    }
  }
  fastClass = ReluAfterBatchNorm;
  return fastClass;
}

/** An Activation('relu') layer that passes on what a fused BatchNorm + ReLU already computed. */
export function relu(name: string): StockActivation {
  return new (reluClass())({ activation: 'relu', name });
}
