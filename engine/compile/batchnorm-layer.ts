// TF.js's BatchNormalization layer with a faster training step: where the backend has the
// fused kernels (engine/backend/batchnorm-op.ts) a training call is one op forward and one
// backward instead of tf.moments + tf.batchNorm's ~15 ops and their broadcasting gradient.
// Inference, the weights, the config and the saved class name are the stock layer's, so
// models save, load and export exactly as before (a loaded model gets the stock class).
// Where the graph has BatchNorm → ReLU, the fused kernel applies the ReLU too and tags its
// output; the ReLU layer (engine/compile/relu-layer.ts) then passes a tagged tensor on
// without another pass over memory. Both layers stay in the model, so saving is unchanged.
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

const rectified = new WeakSet<tf.Tensor>();

/** True for a training output whose ReLU the fused BatchNorm kernel already applied. */
export function alreadyRectified(t: tf.Tensor): boolean {
  return rectified.has(t);
}

type FastBatchNorm = StockBatchNorm & { foldRelu: boolean };
let fastClass: (new (args: Args) => FastBatchNorm) | undefined;

/** tfjs-layers does not export the class from its Node bundle; take it from an instance (named, so no uid is used up). */
function fastBatchNormClass(): new (args: Args) => FastBatchNorm {
  if (fastClass !== undefined) return fastClass;
  const Stock = tf.layers.batchNormalization({ name: 'layerloom_stock_batchnorm' }).constructor as new (args: Args) => StockBatchNorm;

  class FastBatchNormalization extends Stock {
    /** Saved under the stock name: the file is an ordinary BatchNormalization layer. */
    static readonly className = 'BatchNormalization';
    /** Set by the compiler when this layer's only consumer is a ReLU. Not saved. */
    foldRelu = false;

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
          { epsilon: self.epsilon, momentum: self.momentum, relu: this.foldRelu },
        );
        self.movingMean.write(r.movingMean);
        self.movingVariance.write(r.movingVariance);
        if (this.foldRelu) rectified.add(r.y);
        return r.y;
      });
    }
  }
  fastClass = FastBatchNormalization;
  return fastClass;
}

/**
 * A BatchNormalization layer (channels last) whose training step uses the fused kernels where
 * they exist; with foldRelu (its only consumer is a ReLU) those apply the ReLU as well.
 */
export function batchNormalization(args: Args, options: { foldRelu?: boolean } = {}): StockBatchNorm {
  const layer = new (fastBatchNormClass())(args);
  layer.foldRelu = options.foldRelu === true;
  return layer;
}
