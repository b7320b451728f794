// What the TF.js 4.22 WASM backend needs to train conv nets well, registered on top of it.
import * as tf from '../tf.js';
import { overrideKernel } from './kernel-override.js';
import { conv2dBackpropFilterWasm } from './wasm-filter-grad.js';
import { makeCastWasm, makeIdentityWasm } from './wasm-identity.js';
import { makeConv2dBackpropInputWasm } from './wasm-input-grad.js';
import { makeBatchMatMulWasm } from './wasm-matmul.js';
import { makeMaxPoolGradWasm } from './wasm-maxpool-grad.js';
import { registerSoftmaxCrossEntropyWasm } from './softmax-xent.js';

/**
 * Missing: only Conv2DBackpropFilter. A probe training conv/relu/leakyRelu/sigmoid/tanh/elu/
 * maxpool/avgpool/global pools/batchnorm/dropout/concat/add/dense with softmax cross-entropy
 * under SGD+momentum, Adam, RMSprop (and Adagrad/Adadelta/Adamax) found nothing else missing;
 * depthwise/separable convs would need DepthwiseConv2dNativeBackprop* (not in Layerloom's
 * layer set). Wrong: MaxPoolGrad for all-negative windows (maxpool-grad.ts). Slow:
 * Conv2DBackpropInput at stride 1 and BatchMatMul with transposes (now XNNPACK-backed), and
 * MaxPoolGrad (now a JS loop). Wasteful: Identity and same-dtype Cast copied their input (now
 * shared, as the CPU backend does). Call after the backend is initialised (the replacements
 * wrap the stock kernels); idempotent.
 */
export function registerWasmKernelPatches(): void {
  overrideKernel(tf.Conv2DBackpropFilter, 'wasm', () => conv2dBackpropFilterWasm);
  overrideKernel(tf.Conv2DBackpropInput, 'wasm', makeConv2dBackpropInputWasm);
  overrideKernel(tf.BatchMatMul, 'wasm', makeBatchMatMulWasm);
  overrideKernel(tf.MaxPoolGrad, 'wasm', makeMaxPoolGradWasm);
  overrideKernel(tf.Identity, 'wasm', makeIdentityWasm);
  overrideKernel(tf.Cast, 'wasm', makeCastWasm);
  registerSoftmaxCrossEntropyWasm();
}
