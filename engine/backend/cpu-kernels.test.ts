import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuKernelPatches } from './cpu-kernels.js';
import { isOurKernel } from './kernel-override.js';
import { FILTER_GRAD_CASES, prepareCase, runFilterGrad } from './testing/conv-cases.js';
import { MAXPOOL_CASES, maxPoolGradError } from './testing/maxpool-cases.js';
import { maxAbsDiff } from './testing/util.js';

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
    const p = prepareCase(c);
    const got = runFilterGrad(c, p);
    expect(got.shape).toEqual(p.filterShape);
    expect(maxAbsDiff(got.values, p.expected)).toBeLessThanOrEqual(1e-4);
  });

  it.each(MAXPOOL_CASES)('MaxPoolGrad matches the definition: $label', (c) => {
    expect(maxPoolGradError(c)).toBeLessThanOrEqual(1e-6);
  });
});
