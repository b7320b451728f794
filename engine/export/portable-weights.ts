import type * as tf from '../tf.js';
import { ExportError } from './atomic-dir.js';
import type { InferencePlan, PlanStep } from './inference-plan.js';
import { hwioToOihw, transpose2d } from './layout.js';

/** One weight tensor in PyTorch's layout and naming, which ONNX initializers reuse. */
export interface PortableTensor {
  /** weight | bias | running_mean | running_var: the suffix of the PyTorch state_dict key. */
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * The trained weights of every layer that has any, keyed by node id, converted from Keras
 * layouts (HWIO kernels, [in, out] dense kernels, gamma/beta/moving stats) to PyTorch's.
 */
export function portableWeights(model: tf.LayersModel, plan: InferencePlan): Map<string, PortableTensor[]> {
  const weights = new Map<string, PortableTensor[]>();
  for (const step of plan.steps) {
    if (step.kind !== 'conv2d' && step.kind !== 'dense' && step.kind !== 'batchnorm') continue;
    const found = layerWeights(model, step);
    const take = (kerasName: string) => {
      const value = found.get(kerasName);
      if (!value) throw new ExportError(`Layer ${step.name} has no ${kerasName} weight.`, 'Export a model saved by Layerloom from this graph.');
      return value;
    };
    const bias = found.get('bias');
    const biasTensor = bias ? [{ name: 'bias', shape: bias.shape, data: bias.data }] : [];
    if (step.kind === 'conv2d') {
      const kernel = take('kernel');
      const [kh, kw, inC, outC] = kernel.shape as [number, number, number, number];
      weights.set(step.id, [{ name: 'weight', shape: [outC, inC, kh, kw], data: hwioToOihw(kernel.data, kernel.shape) }, ...biasTensor]);
    } else if (step.kind === 'dense') {
      const kernel = take('kernel');
      const [inUnits, outUnits] = kernel.shape as [number, number];
      weights.set(step.id, [{ name: 'weight', shape: [outUnits, inUnits], data: transpose2d(kernel.data, kernel.shape) }, ...biasTensor]);
    } else {
      weights.set(step.id, [
        { name: 'weight', ...take('gamma') }, { name: 'bias', ...take('beta') },
        { name: 'running_mean', ...take('moving_mean') }, { name: 'running_var', ...take('moving_variance') },
      ]);
    }
  }
  return weights;
}

function layerWeights(model: tf.LayersModel, step: PlanStep): Map<string, { shape: number[]; data: Float32Array }> {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(step.name);
  } catch {
    throw new ExportError(`The model has no layer ${step.name} for node ${step.id}.`, 'Export a model saved by Layerloom from this graph.');
  }
  // Keras names each variable "<layer>/<role>"; the role says where it goes.
  return new Map(layer.weights.map((w) => {
    const role = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
    return [role, { shape: [...w.shape] as number[], data: new Float32Array(w.read().dataSync()) }];
  }));
}
