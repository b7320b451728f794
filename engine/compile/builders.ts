import * as tf from '@tensorflow/tfjs';
import type { NodeKind, Params } from '../graph/types.js';

type Symbolic = tf.SymbolicTensor;

export interface BuildContext {
  /** A TF.js layer name unique in the model, derived from the node id. */
  name: string;
  params: Params;
  /** Seed for this layer's initializer or dropout mask; undefined means random. */
  seed: number | undefined;
}

const p = (params: Params, key: string) => params[key] as number;
const padding = (params: Params) => params['padding'] as 'valid' | 'same';

function kernelInit(seed: number | undefined) {
  return tf.initializers.glorotUniform(seed === undefined ? {} : { seed });
}

function activation(name: string, fn: 'relu' | 'sigmoid' | 'tanh' | 'softmax') {
  return tf.layers.activation({ activation: fn, name });
}

/** TF.js layer for each kind, applied to the node's inputs. `input` and `output` are handled by the compiler. */
export const BUILDERS: Record<Exclude<NodeKind, 'input' | 'output'>, (ctx: BuildContext, inputs: Symbolic[]) => Symbolic> = {
  conv2d: ({ name, params, seed }, [x]) => tf.layers.conv2d({
    name, filters: p(params, 'filters'), kernelSize: p(params, 'kernelSize'), strides: p(params, 'strides'),
    padding: padding(params), useBias: params['useBias'] as boolean, kernelInitializer: kernelInit(seed),
  }).apply(x as Symbolic) as Symbolic,
  maxpool2d: ({ name, params }, [x]) => tf.layers.maxPooling2d({
    name, poolSize: p(params, 'poolSize'), strides: p(params, 'strides'), padding: padding(params),
  }).apply(x as Symbolic) as Symbolic,
  avgpool2d: ({ name, params }, [x]) => tf.layers.averagePooling2d({
    name, poolSize: p(params, 'poolSize'), strides: p(params, 'strides'), padding: padding(params),
  }).apply(x as Symbolic) as Symbolic,
  dense: ({ name, params, seed }, [x]) => tf.layers.dense({
    name, units: p(params, 'units'), useBias: params['useBias'] as boolean, kernelInitializer: kernelInit(seed),
  }).apply(x as Symbolic) as Symbolic,
  relu: ({ name }, [x]) => activation(name, 'relu').apply(x as Symbolic) as Symbolic,
  sigmoid: ({ name }, [x]) => activation(name, 'sigmoid').apply(x as Symbolic) as Symbolic,
  tanh: ({ name }, [x]) => activation(name, 'tanh').apply(x as Symbolic) as Symbolic,
  softmax: ({ name }, [x]) => activation(name, 'softmax').apply(x as Symbolic) as Symbolic,
  leakyrelu: ({ name, params }, [x]) => tf.layers.leakyReLU({ name, alpha: p(params, 'alpha') }).apply(x as Symbolic) as Symbolic,
  flatten: ({ name }, [x]) => tf.layers.flatten({ name }).apply(x as Symbolic) as Symbolic,
  dropout: ({ name, params, seed }, [x]) => tf.layers.dropout({
    name, rate: p(params, 'rate'), ...(seed === undefined ? {} : { seed }),
  }).apply(x as Symbolic) as Symbolic,
  batchnorm: ({ name, params }, [x]) => tf.layers.batchNormalization({
    name, momentum: p(params, 'momentum'), epsilon: p(params, 'epsilon'),
  }).apply(x as Symbolic) as Symbolic,
  add: ({ name }, xs) => tf.layers.add({ name }).apply(xs) as Symbolic,
  concat: ({ name }, xs) => tf.layers.concatenate({ name, axis: -1 }).apply(xs) as Symbolic,
};
