import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuKernelPatches } from './cpu-kernels.js';
import { isOurKernel } from './kernel-override.js';
import { expectFilterGradMatches, FILTER_GRAD_CASES } from './testing/conv-cases.js';
import { MAXPOOL_CASES, maxPoolGradError } from './testing/maxpool-cases.js';

describe('cpu kernel patches (flat loops)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerCpuKernelPatches();
  });

  it('replace the stock kernels, once', () => {
    const kernels = [tf.Conv2DBackpropFilter, tf.MaxPoolGrad];
    const first = kernels.map((k) => tf.getKernel(k, 'cpu'));
    registerCpuKernelPatches();
    expect(kernels.map((k) => tf.getKernel(k, 'cpu'))).toEqual(first);
    for (const kernel of first) expect(isOurKernel(kernel)).toBe(true);
  });

  it.each(FILTER_GRAD_CASES)('Conv2DBackpropFilter matches the definition: $label', (c) => {
    expectFilterGradMatches(c);
  });

  it.each(MAXPOOL_CASES)('MaxPoolGrad matches the definition: $label', (c) => {
    expect(maxPoolGradError(c)).toBeLessThanOrEqual(1e-6);
  });
});
