// End to end: every weight gradient of a small all-ops net on WASM (with our kernels) equals
// the stock pure-JS CPU backend's. Catches kernels that run but compute the wrong thing.
// The WASM kernels alone here; native-kernels.test.ts runs the same check with them in front.
import * as tf from '../tf.js';
import { describe, it, vi } from 'vitest';
import { expectSameGradients, tinyNetGradients } from './testing/tiny-net.js';
import { startWasmBackend } from './wasm-init.js';

describe('tiny-net gradients, wasm vs stock cpu', () => {
  it('agree for every trainable weight', async () => {
    vi.stubEnv('LAYERLOOM_NATIVE', 'off');
    await tf.setBackend('cpu'); // stock kernels: no selectBackend, so no patches on 'cpu'
    const reference = tinyNetGradients();
    await startWasmBackend();
    expectSameGradients(tinyNetGradients(), reference);
  });
});
