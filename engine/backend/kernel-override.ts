// Replacing a TF.js kernel for one backend while keeping the original as the fallback.
import * as tf from '@tensorflow/tfjs';

/** Marks our kernel configs so registration stays idempotent across calls and modules. */
const OURS = Symbol.for('layerloom.backend.kernel');

export function isOurKernel(config: tf.KernelConfig | undefined): boolean {
  return config !== undefined && (config as unknown as Record<symbol, unknown>)[OURS] === true;
}

/**
 * Registers `make(stock)` as `kernelName` on `backendName`, where `stock` is whatever was
 * registered before (undefined if nothing). The stock setupFunc/disposeFunc are carried over
 * so a backend re-initialised later still sets up the stock kernel our fallback calls.
 * Does nothing if our kernel is already in place.
 */
export function overrideKernel(
  kernelName: string,
  backendName: string,
  make: (stock: tf.KernelConfig | undefined) => tf.KernelFunc,
): void {
  const stock: tf.KernelConfig | undefined = tf.getKernel(kernelName, backendName);
  if (isOurKernel(stock)) return;
  const config: tf.KernelConfig = { kernelName, backendName, kernelFunc: make(stock) };
  if (stock?.setupFunc !== undefined) config.setupFunc = stock.setupFunc;
  if (stock?.disposeFunc !== undefined) config.disposeFunc = stock.disposeFunc;
  (config as unknown as Record<symbol, unknown>)[OURS] = true;
  if (stock !== undefined) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel(config);
}
