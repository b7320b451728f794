import * as tf from '../tf.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select.js';
import { trainTinyNetSteps } from './testing/tiny-net.js';

describe('training on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
  });

  it('runs conv/pool/batchnorm/dropout/concat/add/activations with SGD+momentum, Adam, RMSprop', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const losses = await trainTinyNetSteps();
    expect(Object.keys(losses)).toEqual(['sgd+momentum', 'adam', 'rmsprop']);
    for (const steps of Object.values(losses)) for (const loss of steps) expect(Number.isFinite(loss)).toBe(true);
  });
});
