// Replacing a TF.js kernel for one backend while keeping the original as the fallback.
import * as tf from '../tf.js';

/** Marks our kernel configs with the layers stacked in them ('patch', 'native', …). */
const OURS = Symbol.for('layerloom.backend.kernel');

function layersOf(config: tf.KernelConfig | undefined): readonly string[] {
  const layers = config === undefined ? undefined : (config as unknown as Record<symbol, unknown>)[OURS];
  return Array.isArray(layers) ? (layers as string[]) : [];
}

/** True if `config` is one of ours (of `layer` when given). */
export function isOurKernel(config: tf.KernelConfig | undefined, layer?: string): boolean {
  const layers = layersOf(config);
  return layer === undefined ? layers.length > 0 : layers.includes(layer);
}

/**
 * Registers `make(stock)` as `kernelName` on `backendName`, where `stock` is whatever was
 * registered before (undefined if nothing), possibly an earlier layer of ours. The stock
 * setupFunc/disposeFunc are carried over so a backend re-initialised later still sets up
 * the stock kernel our fallback calls. Does nothing if this layer is already in place, so
 * registration stays idempotent across calls and modules.
 */
export function overrideKernel(
  kernelName: string,
  backendName: string,
  make: (stock: tf.KernelConfig | undefined) => tf.KernelFunc,
  layer = 'patch',
): void {
  const stock: tf.KernelConfig | undefined = tf.getKernel(kernelName, backendName);
  if (isOurKernel(stock, layer)) return;
  const config: tf.KernelConfig = { kernelName, backendName, kernelFunc: make(stock) };
  if (stock?.setupFunc !== undefined) config.setupFunc = stock.setupFunc;
  if (stock?.disposeFunc !== undefined) config.disposeFunc = stock.disposeFunc;
  (config as unknown as Record<symbol, unknown>)[OURS] = [...layersOf(stock), layer];
  if (stock !== undefined) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel(config);
}
