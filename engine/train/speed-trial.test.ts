import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/index.js';
import { loadTemplate } from '../project/templates.js';
import { speedKey, trainingSpeedTrial, typicalStep } from './speed-trial.js';

const lenet = loadTemplate('lenet');

describe('speedKey', () => {
  it('names the layers, wiring, batch and optimizer, not where nodes sit on the canvas', () => {
    const moved = { ...lenet.graph, nodes: lenet.graph.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: 0 } })) };
    const key = speedKey(lenet.graph, lenet.training);
    expect(speedKey(moved, lenet.training)).toBe(key);
    expect(speedKey(lenet.graph, { ...lenet.training, batchSize: lenet.training.batchSize * 2 })).not.toBe(key);
    expect(speedKey(lenet.graph, { ...lenet.training, optimizer: 'rmsprop' })).not.toBe(key);
    const wider = { ...lenet.graph, nodes: lenet.graph.nodes.map((n) => (n.kind === 'conv2d' ? { ...n, params: { ...n.params, filters: 32 } } : n)) };
    expect(speedKey(wider, lenet.training)).not.toBe(key);
  });
});

describe('typicalStep', () => {
  it('takes the lower quartile, or the fastest of a few: steps slowed by another process do not count', () => {
    expect(typicalStep([0.4, 0.9, 0.1, 0.12, 0.11, 0.5, 0.6, 0.7])).toBe(0.12);
    expect(typicalStep([0.3, 0.2, 0.25])).toBe(0.2);
  });
});

describe('trainingSpeedTrial', () => {
  it('times real steps of the model on the current backend and frees everything it made', async () => {
    await selectBackend({ prefer: 'wasm' });
    const before = tf.memory().numTensors;
    const speed = await trainingSpeedTrial(lenet.graph, { ...lenet.training, batchSize: 8 }, { maxSteps: 3, seconds: 0.2 });
    expect(speed).toBeGreaterThan(0);
    expect(Number.isFinite(speed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
