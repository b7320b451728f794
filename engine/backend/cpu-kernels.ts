// Replaces two pure-JS CPU kernels with flat-index loops. The stock ones read every element
// through TensorBuffer.get (index arithmetic and bounds work per multiply-add):
// Conv2DBackpropFilter took ~93% of a LeNet training step (PERF-NOTES), and once that was
// fixed MaxPoolGrad was the largest remaining kernel.
import * as tf from '../tf.js';
import { conv2dFilterGradNhwc, filterGradGeometry, filterGradInputs } from './conv-filter-grad.js';
import { overrideKernel } from './kernel-override.js';
import { maxPoolGradHandles, maxPoolGradInfo, maxPoolGradNhwc } from './maxpool-grad.js';

/** The parts of tfjs-backend-cpu's MathBackendCPU this kernel uses (not a declared dependency). */
interface CpuBackendLike {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
}

function asFloat32(values: tf.backend_util.BackendValues, what: string): Float32Array {
  if (values instanceof Float32Array) return values;
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) return Float32Array.from(values as ArrayLike<number>);
  throw new Error(`cpu kernel patch: ${what} is not numeric`);
}

/**
 * Registers the flat-loop kernels for backend 'cpu'. NCHW and non-float inputs go to the stock
 * kernels, kept aside, so nothing that worked before stops working. Idempotent.
 */
export function registerCpuKernelPatches(): void {
  overrideKernel(tf.Conv2DBackpropFilter, 'cpu', (stock) => (args) => {
    const { x, dy } = filterGradInputs(args.inputs);
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const handled = attrs.dataFormat !== 'NCHW' && x.dtype === 'float32' && dy.dtype === 'float32';
    if (!handled) {
      if (stock === undefined) throw new Error(`Conv2DBackpropFilter (cpu): unsupported dataFormat ${attrs.dataFormat}`);
      return stock.kernelFunc(args);
    }
    const backend = args.backend as CpuBackendLike;
    const dW = conv2dFilterGradNhwc(
      asFloat32(backend.readSync(x.dataId), 'x'),
      asFloat32(backend.readSync(dy.dataId), 'dy'),
      filterGradGeometry(x.shape, dy.shape, attrs),
    );
    return backend.makeTensorInfo([...attrs.filterShape], 'float32', dW);
  });

  overrideKernel(tf.MaxPoolGrad, 'cpu', (stock) => (args) => {
    const { dy, input } = args.inputs;
    if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad needs inputs dy and input');
    if (!maxPoolGradHandles(input, dy)) {
      if (stock === undefined) throw new Error('MaxPoolGrad (cpu): only float32 NHWC is supported');
      return stock.kernelFunc(args);
    }
    const backend = args.backend as CpuBackendLike;
    const dx = new Float32Array(input.shape.reduce((n, d) => n * d, 1));
    maxPoolGradNhwc(
      asFloat32(backend.readSync(input.dataId), 'input'),
      asFloat32(backend.readSync(dy.dataId), 'dy'),
      dx,
      maxPoolGradInfo(input.shape, args.attrs as unknown as tf.MaxPoolGradAttrs),
    );
    return backend.makeTensorInfo([...input.shape], 'float32', dx);
  });
}
