import * as tf from '../tf.js';
import type { NodeKind, Params, Shape } from '../graph/types.js';
import type { Initializer } from '../project/schema.js';
import { batchNormalization } from './batchnorm-layer.js';
import { conv2d } from './conv-layer.js';
import { dense } from './dense-layer.js';
import { dropout } from './dropout-layer.js';
import { relu } from './relu-layer.js';

type Symbolic = tf.SymbolicTensor;

export interface BuildContext {
  /** A TF.js layer name unique in the model, derived from the node id. */
  name: string;
  params: Params;
  /** Seed for this layer's initializer or dropout mask; undefined means random. */
  seed: number | undefined;
  initializer: Initializer;
  inputShapes: readonly Shape[];
  /**
   * Set when the node's only consumer is a ReLU: Conv2D and Dense take it as their own
   * activation (the ReLU node is then not built); BatchNorm fuses it into its training
   * kernel while the ReLU layer stays (see compile.ts).
   */
  activation?: 'relu';
}

const p = (params: Params, key: string) => params[key] as number;
const padding = (params: Params) => params['padding'] as 'valid' | 'same';

const seeded = (seed: number | undefined) => (seed === undefined ? {} : { seed });

/**
 * PyTorch's default (kaiming_uniform with a=√5) is uniform ±1/√fan_in, which is variance
 * scaling with scale 1/3; its biases are uniform ±1/√fan_in too, where Keras starts them at 0.
 */
function weightInit({ initializer, seed }: BuildContext, fanIn: number) {
  if (initializer === 'glorot') return { kernelInitializer: tf.initializers.glorotUniform(seeded(seed)) };
  const bound = 1 / Math.sqrt(Math.max(fanIn, 1));
  return {
    kernelInitializer: tf.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', ...seeded(seed) }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, ...seeded(seed === undefined ? undefined : seed + 7919) }),
  };
}

function activation(name: string, fn: 'relu' | 'sigmoid' | 'tanh' | 'softmax') {
  return tf.layers.activation({ activation: fn, name });
}

/** TF.js layer for each kind, applied to the node's inputs. `input` and `output` are handled by the compiler. */
export const BUILDERS: Record<Exclude<NodeKind, 'input' | 'output'>, (ctx: BuildContext, inputs: Symbolic[]) => Symbolic> = {
  conv2d: (ctx, [x]) => conv2d({
    name: ctx.name, filters: p(ctx.params, 'filters'), kernelSize: p(ctx.params, 'kernelSize'), strides: p(ctx.params, 'strides'),
    padding: padding(ctx.params), useBias: ctx.params['useBias'] as boolean, activation: ctx.activation ?? 'linear',
    ...weightInit(ctx, p(ctx.params, 'kernelSize') ** 2 * (ctx.inputShapes[0]?.[2] ?? 1)),
  }).apply(x as Symbolic) as Symbolic,
  maxpool2d: ({ name, params }, [x]) => tf.layers.maxPooling2d({
    name, poolSize: p(params, 'poolSize'), strides: p(params, 'strides'), padding: padding(params),
  }).apply(x as Symbolic) as Symbolic,
  avgpool2d: ({ name, params }, [x]) => tf.layers.averagePooling2d({
    name, poolSize: p(params, 'poolSize'), strides: p(params, 'strides'), padding: padding(params),
  }).apply(x as Symbolic) as Symbolic,
  dense: (ctx, [x]) => dense({
    name: ctx.name, units: p(ctx.params, 'units'), useBias: ctx.params['useBias'] as boolean, activation: ctx.activation ?? 'linear',
    ...weightInit(ctx, ctx.inputShapes[0]?.[0] ?? 1),
  }).apply(x as Symbolic) as Symbolic,
  relu: ({ name }, [x]) => relu(name).apply(x as Symbolic) as Symbolic,
  sigmoid: ({ name }, [x]) => activation(name, 'sigmoid').apply(x as Symbolic) as Symbolic,
  tanh: ({ name }, [x]) => activation(name, 'tanh').apply(x as Symbolic) as Symbolic,
  softmax: ({ name }, [x]) => activation(name, 'softmax').apply(x as Symbolic) as Symbolic,
  leakyrelu: ({ name, params }, [x]) => tf.layers.leakyReLU({ name, alpha: p(params, 'alpha') }).apply(x as Symbolic) as Symbolic,
  flatten: ({ name }, [x]) => tf.layers.flatten({ name }).apply(x as Symbolic) as Symbolic,
  dropout: ({ name, params, seed }, [x]) => dropout({
    name, rate: p(params, 'rate'), ...(seed === undefined ? {} : { seed }),
  }).apply(x as Symbolic) as Symbolic,
  batchnorm: ({ name, params, activation: act }, [x]) => batchNormalization({
    name, momentum: p(params, 'momentum'), epsilon: p(params, 'epsilon'),
  }, { foldRelu: act === 'relu' }).apply(x as Symbolic) as Symbolic,
  add: ({ name }, xs) => tf.layers.add({ name }).apply(xs) as Symbolic,
  concat: ({ name }, xs) => tf.layers.concatenate({ name, axis: -1 }).apply(xs) as Symbolic,
};
