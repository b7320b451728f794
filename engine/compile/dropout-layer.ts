// TF.js's Dropout layer, trained through one native kernel where it exists
// (engine/backend/native-dropout.ts), through tf.dropout elsewhere. Each training call draws a
// fresh mask: the call's seed comes from the layer's seed (random when the run is unseeded)
// and a call counter, so a seeded run repeats exactly from the start; the stock layer, given
// a seed, drew the same mask at every step. Inference runs the stock layer (the identity).
// Saved as the stock Dropout.
import * as tf from '../tf.js';
import { type DropoutAttrs, LAYERLOOM_DROPOUT } from '../backend/native-dropout.js';

type StockDropout = ReturnType<typeof tf.layers.dropout>;
type Args = Parameters<typeof tf.layers.dropout>[0];
type CallArgs = Parameters<StockDropout['call']>;

interface DropoutState {
  rate: number;
  noiseShape: unknown;
}

/** The seed of a layer's n-th training call: a multiplicative hash, so nearby seeds and calls spread over all 32 bits. */
export function callSeed(base: number, call: number): number {
  let h = (Math.imul(base >>> 0, 0x9e3779b1) ^ Math.imul(call >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 12)) >>> 0;
}

let layerClass: (new (args: Args) => StockDropout) | undefined;

function dropoutClass(): new (args: Args) => StockDropout {
  if (layerClass !== undefined) return layerClass;
  const Stock = tf.layers.dropout({ rate: 0.5, name: 'layerloom_stock_dropout' }).constructor as new (args: Args) => StockDropout;

  class NativeDropout extends Stock {
    static readonly className = 'Dropout';
    private readonly base: number;
    private calls = 0;

    constructor(args: Args) {
      super(args);
      this.base = args.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : args.seed >>> 0;
    }

    override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const { rate, noiseShape } = this as unknown as DropoutState;
      const training = kwargs['training'] === true && rate > 0 && rate < 1 && noiseShape == null && x !== undefined && x.dtype === 'float32';
      if (!training) return super.call(inputs, kwargs);
      const seed = callSeed(this.base, this.calls++);
      if (tf.getKernel(LAYERLOOM_DROPOUT, tf.getBackend()) === undefined) return tf.dropout(x, rate, undefined, seed);
      const attrs: DropoutAttrs = { rate, seed };
      return tf.engine().runKernel(LAYERLOOM_DROPOUT, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    }
  }
  layerClass = NativeDropout;
  return layerClass;
}

/** A Dropout layer that masks in one native kernel where it exists (see the top of this file). */
export function dropout(args: Args): StockDropout {
  return new (dropoutClass())(args);
}
