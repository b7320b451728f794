// The TensorFlow backend against WASM + native kernels, and our kernel overrides on it. Runs in
// the 'tensorflow' test project only (vitest.config.ts); the shared suites (compile, training,
// export) run there too, from their own files.
import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile.js';
import { maxAbsDiff } from '../export/compare.js';
import { loadTemplates } from '../project/templates.js';
import { fusedOptimizersAvailable } from '../train/fused-optimizers.js';
import { isOurKernel } from './kernel-override.js';
import { selectBackend } from './select.js';
import { startTestBackend, TEST_BACKEND } from './testing/test-backend.js';
import { expectSameGradients, tinyNetGradients, trainTinyNetSteps } from './testing/tiny-net.js';
import { pseudoRandom } from './testing/util.js';

const backend = await startTestBackend();
const IMAGES = 8;

/**
 * Logits of `graph` for fixed images on the backend now current: with its own seeded initial
 * weights (logits of the scale training sees, so 1e-4 is a real bound), or the given ones.
 */
function logits(graph: Parameters<typeof compileGraph>[0], weights: Float32Array[] | null): { out: Float32Array; weights: Float32Array[] } {
  const { model } = compileGraph(graph, { seed: 3 });
  if (weights !== null) {
    const shapes = model.getWeights().map((w) => w.shape);
    const given = weights.map((w, i) => tf.tensor(w, shapes[i]));
    model.setWeights(given);
    tf.dispose(given);
  }
  const used = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const out = tf.tidy(() => (model.predict(tf.tensor4d(pseudoRandom(IMAGES * 32 * 32 * 3, 9), [IMAGES, 32, 32, 3])) as tf.Tensor).dataSync() as Float32Array);
  model.dispose();
  return { out, weights: used };
}

// TEST_BACKEND is 'tensorflow', or 'tensorflow-gpu' on a GPU machine (vitest.config.ts).
describe.skipIf(!backend || !TEST_BACKEND.startsWith('tensorflow'))(`the ${TEST_BACKEND} backend`, () => {
  it('gives the same logits as WASM + native kernels from the same weights, for every template (≤ 1e-4)', async () => {
    for (const { id, project } of loadTemplates()) {
      await selectBackend({ prefer: TEST_BACKEND });
      const onTensorflow = logits(project.graph, null);
      await selectBackend({ prefer: 'wasm' });
      const onWasm = logits(project.graph, onTensorflow.weights);
      // Guards the comparison itself: logits that are all zero would match anywhere.
      expect(Math.max(...Array.from(onTensorflow.out, Math.abs)), id).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(onTensorflow.out, onWasm.out), id).toBeLessThanOrEqual(1e-4);
    }
    await selectBackend({ prefer: TEST_BACKEND });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('gives every weight gradient of the all-ops tiny net that the pure-JS CPU backend gives', async () => {
    await selectBackend({ prefer: 'cpu' });
    const reference = tinyNetGradients();
    await selectBackend({ prefer: TEST_BACKEND });
    expectSameGradients(tinyNetGradients(), reference);
  });

  it('trains the tiny net with SGD+momentum, Adam and RMSprop', async () => {
    await selectBackend({ prefer: TEST_BACKEND });
    const losses = await trainTinyNetSteps();
    for (const [name, steps] of Object.entries(losses)) for (const loss of steps) expect(Number.isFinite(loss), name).toBe(true);
  });

  it('carries none of our kernel overrides: its own kernels and TF.js’s optimizers run', async () => {
    await selectBackend({ prefer: TEST_BACKEND });
    const kernels = tf.getKernelsForBackend('tensorflow');
    expect(kernels.length).toBeGreaterThan(100);
    expect(kernels.filter((k) => isOurKernel(k)).map((k) => k.kernelName)).toEqual([]);
    expect(fusedOptimizersAvailable()).toBe(false);
  });
});
