import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select.js';
import { trainTinyNetSteps } from './testing/tiny-net.js';

describe('training on the pure-JS cpu backend', () => {
  beforeAll(async () => {
    const report = await selectBackend({ prefer: 'cpu' });
    expect(report).toEqual({ name: 'cpu', tfBackend: 'cpu', threads: 1, simd: null, nativeKernels: false, skipped: [], notes: [], speed: null });
  });

  it('runs conv/pool/batchnorm/dropout/concat/add/activations with SGD+momentum, Adam, RMSprop', async () => {
    expect(tf.getBackend()).toBe('cpu');
    const losses = await trainTinyNetSteps();
    expect(Object.keys(losses)).toEqual(['sgd+momentum', 'adam', 'rmsprop']);
    for (const steps of Object.values(losses)) for (const loss of steps) expect(Number.isFinite(loss)).toBe(true);
  });
});
