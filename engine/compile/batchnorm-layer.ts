// TF.js's BatchNormalization layer with a faster training step: where the backend has the
// fused kernels (engine/backend/batchnorm-op.ts) a training call is one op forward and one
// backward instead of tf.moments + tf.batchNorm's ~15 ops and their broadcasting gradient.
// Inference, the weights, the config and the saved class name are the stock layer's, so
// models save, load and export exactly as before (a loaded model gets the stock class).
import * as tf from '../tf.js';
import { batchNormTrain, hasFusedBatchNorm } from '../backend/batchnorm-op.js';

type StockBatchNorm = ReturnType<typeof tf.layers.batchNormalization>;
type Args = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;
type CallArgs = Parameters<StockBatchNorm['call']>;

/** The stock layer's private state this subclass reads (see tfjs-layers normalization.js). */
interface Internals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

let fastClass: (new (args: Args) => StockBatchNorm) | undefined;

/** tfjs-layers does not export the class from its Node bundle; take it from an instance (named, so no uid is used up). */
function fastBatchNormClass(): new (args: Args) => StockBatchNorm {
  if (fastClass !== undefined) return fastClass;
  const Stock = tf.layers.batchNormalization({ name: 'layerloom_stock_batchnorm' }).constructor as new (args: Args) => StockBatchNorm;

  class FastBatchNormalization extends Stock {
    /** Saved under the stock name: the file is an ordinary BatchNormalization layer. */
    static readonly className = 'BatchNormalization';

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const self = this as unknown as Internals;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const channelsLast = x !== undefined && (self.axis === -1 || self.axis === x.rank - 1);
      if (kwargs['training'] !== true || !channelsLast || x.dtype !== 'float32' || !self.center || !self.scale || !hasFusedBatchNorm()) {
        return super.call(inputs, kwargs);
      }
      return tf.tidy(() => {
        const r = batchNormTrain(
          x, self.gamma.read() as tf.Tensor1D, self.beta.read() as tf.Tensor1D,
          self.movingMean.read() as tf.Tensor1D, self.movingVariance.read() as tf.Tensor1D,
          { epsilon: self.epsilon, momentum: self.momentum, relu: false },
        );
        self.movingMean.write(r.movingMean);
        self.movingVariance.write(r.movingVariance);
        return r.y;
      });
    }
  }
  fastClass = FastBatchNormalization;
  return fastClass;
}

/** A BatchNormalization layer (channels last) whose training step uses the fused kernels where they exist. */
export function batchNormalization(args: Args): StockBatchNorm {
  return new (fastBatchNormClass())(args);
}
