// Test support: a model's loss gradients, for comparing our training layers with the stock ones.
import * as tf from '../tf.js';
import { crossEntropy } from '../train/loss.js';
import { trainableVariables } from '../train/step.js';

/** The loss gradient of each trainable weight, in the model's weight order. */
export function lossGradients(model: tf.LayersModel, x: tf.Tensor, labels: tf.Tensor1D): Float32Array[] {
  const variables = trainableVariables(model);
  const { grads } = tf.variableGrads(() => crossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor, false, 0), variables);
  const values = variables.map((v) => grads[v.name]?.dataSync() as Float32Array);
  tf.dispose(Object.values(grads));
  return values;
}

/** Each gradient within float rounding of the reference's. */
export function expectSameGradients(mine: Float32Array[], reference: Float32Array[], expectFn: (ok: boolean, what: string) => void): void {
  expectFn(mine.length === reference.length, `${mine.length} gradients vs ${reference.length}`);
  mine.forEach((values, i) => {
    const other = reference[i] as Float32Array;
    expectFn(values.length === other.length, `gradient ${i}: ${values.length} values vs ${other.length}`);
    values.forEach((v, j) => expectFn(Math.abs(v - (other[j] ?? NaN)) < 1e-5 + 1e-4 * Math.abs(v), `gradient ${i}[${j}]: ${v} vs ${other[j]}`));
  });
}
