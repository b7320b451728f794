// Softmax cross-entropy of logits against integer labels as ONE op with a one-multiply
// gradient. The stock path (oneHot, logSoftmax, multiply, sums, the reduction, and as many
// ops again in its gradient) is ~20 kernels on a [batch, 10] tensor per step, each costing
// more in dispatch and autodiff than in arithmetic. Registered on WASM (a JS loop over heap
// views: the tensors are tiny); elsewhere engine/train/loss.ts keeps the stock ops.
import * as tf from '../tf.js';
import { overrideKernel } from './kernel-override.js';
import type { WasmHeapBackend } from './wasm-call.js';

/** Inputs logits [N, K] float32 and labels [N] int32 → outputs the mean loss [] and (softmax − onehot)/N [N, K]. */
export const SOFTMAX_XENT = 'LayerloomSoftmaxCrossEntropy';

export function hasFusedSoftmaxCrossEntropy(): boolean {
  return tf.getKernel(SOFTMAX_XENT, tf.getBackend()) !== undefined;
}

/** Mean over the batch of −log softmax(logits)[label]. */
export function softmaxCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  const [loss, gradient] = tf.engine().runKernel(SOFTMAX_XENT, { logits, labels }, {}) as [tf.Scalar, tf.Tensor2D];
  gradient.dispose(); // the backward pass keeps its own reference
  return loss;
}

tf.registerGradient({
  kernelName: SOFTMAX_XENT,
  outputsToSave: [false, true],
  gradFunc: (dys, saved) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [gradient] = saved as [tf.Tensor];
    return { logits: () => tf.mul(dy, gradient), labels: () => tf.zeros([gradient.shape[0] as number]) };
  },
});

/** The forward in double: per row, log-sum-exp about the row's max, then the label's term. */
export function softmaxCrossEntropyRows(logits: Float32Array, labels: Int32Array, classes: number, gradient: Float32Array): number {
  const rows = labels.length;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const label = labels[r] as number;
    if (!(label >= 0 && label < classes)) throw new Error(`${SOFTMAX_XENT}: label ${label} of row ${r} is outside 0…${classes - 1}`);
    const row = r * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[row + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp((logits[row + k] as number) - max);
    total += max + Math.log(sum) - (logits[row + label] as number);
    for (let k = 0; k < classes; k++) gradient[row + k] = (Math.exp((logits[row + k] as number) - max) / sum - (k === label ? 1 : 0)) / rows;
  }
  return total / rows;
}

function forwardWasm(): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { logits, labels } = inputs;
    if (logits === undefined || labels === undefined || logits.dtype !== 'float32' || labels.dtype !== 'int32' ||
      logits.shape.length !== 2 || labels.shape.length !== 1 || labels.shape[0] !== logits.shape[0] || (logits.shape[1] ?? 0) < 1) {
      throw new Error(`${SOFTMAX_XENT} needs float32 logits [N, K ≥ 1] and int32 labels [N]`);
    }
    const heap = backend as unknown as WasmHeapBackend;
    const loss = heap.makeOutput([], 'float32');
    const gradient = heap.makeOutput([...logits.shape], 'float32');
    const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t);
    (view(loss) as Float32Array)[0] = softmaxCrossEntropyRows(view(logits) as Float32Array, view(labels) as Int32Array, logits.shape[1] as number, view(gradient) as Float32Array);
    return [loss, gradient];
  };
}

/** Registers the fused loss on WASM (idempotent). */
export function registerSoftmaxCrossEntropyWasm(): void {
  overrideKernel(SOFTMAX_XENT, 'wasm', forwardWasm);
}
