import * as tf from '../tf.js';
import { describe, expect, it } from 'vitest';
import { startTestBackend } from '../backend/testing/test-backend.js';
import { chain, withEdge, withoutNode } from '../graph/test-graphs.js';
import { loadTemplates } from '../project/templates.js';
import { compileGraph, GraphInvalidError } from './compile.js';

// Runs on WASM + native, and on TensorFlow in the 'tensorflow' test project (vitest.config.ts).
const backend = await startTestBackend();


describe.skipIf(!backend)('compileGraph', () => {
  it('builds every template with TF.js parameter counts equal to the graph\'s own', () => {
    for (const { id, project } of loadTemplates()) {
      const { model, analysis } = compileGraph(project.graph, { seed: 1 });
      expect(model.countParams(), id).toBe(analysis.totalParams);
      expect(model.outputs[0]?.shape, id).toEqual([null, 10]);
      model.dispose();
    }
  });

  it('wires branches and skip connections through the functional API', () => {
    const g = withEdge(chain(['in', 'input'], ['c', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same' }], ['sum', 'add'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'in', 'sum');
    const { model } = compileGraph(g, { seed: 3 });
    const add = model.getLayer('sum');
    expect(add.inboundNodes[0]?.inboundLayers.map((l) => l.name).sort()).toEqual(['c', 'in']);
    const y = model.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor;
    expect(y.shape).toEqual([2, 10]);
    y.dispose();
    model.dispose();
  });

  it('refuses an invalid graph with every problem listed', () => {
    const g = withoutNode(chain(['in', 'input'], ['c', 'conv2d'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'f');
    const broken = withEdge(g, 'c', 'fc');
    expect(() => compileGraph(broken)).toThrow(GraphInvalidError);
    try {
      compileGraph(broken);
    } catch (e) {
      expect((e as GraphInvalidError).issues[0]?.code).toBe('needs-flatten');
      expect((e as Error).message).toContain('Add a Flatten before Dense.');
    }
  });

  it('the same seed gives the same initial weights', () => {
    const { project } = loadTemplates()[0]!;
    const a = compileGraph(project.graph, { seed: 42 }).model;
    const b = compileGraph(project.graph, { seed: 42 }).model;
    const [wa, wb] = [a.getLayer('conv1').getWeights()[0]!, b.getLayer('conv1').getWeights()[0]!];
    expect(Array.from(wa.dataSync())).toEqual(Array.from(wb.dataSync()));
    a.dispose();
    b.dispose();
  });

  it("starts weights as PyTorch does when asked: uniform ±1/√fan_in for kernels and biases", () => {
    const { project } = loadTemplates()[0]!;
    const { model } = compileGraph(project.graph, { seed: 5, initializer: 'pytorch' });
    for (const [layer, fanIn] of [['conv1', 5 * 5 * 3], ['conv2', 5 * 5 * 6], ['fc1', 400], ['fc3', 84]] as const) {
      const bound = 1 / Math.sqrt(fanIn);
      for (const weights of model.getLayer(layer).getWeights()) {
        const values = Array.from(weights.dataSync());
        expect(Math.max(...values.map(Math.abs)), layer).toBeLessThanOrEqual(bound + 1e-7);
        // Spread over most of the range, not clustered at zero as Glorot biases are.
        expect(Math.max(...values.map(Math.abs)), layer).toBeGreaterThan(bound * 0.5);
      }
    }
    const glorot = compileGraph(project.graph, { seed: 5 }).model;
    expect(Array.from(glorot.getLayer('conv1').getWeights()[1]!.dataSync()).every((b) => b === 0)).toBe(true);
    model.dispose();
    glorot.dispose();
  });

  it('folds a ReLU into the Conv2D or Dense that alone feeds it, and only then', () => {
    const { project } = loadTemplates()[0]!;
    const { model } = compileGraph(project.graph, { seed: 1 });
    const names = model.layers.map((l) => l.name);
    expect(names).not.toContain('relu1');
    expect(names).toContain('conv1');
    expect(model.getLayer('conv1').getConfig()['activation']).toBe('relu');
    expect(model.getLayer('fc3').getConfig()['activation']).toBe('linear');
    model.dispose();
    // The conv's output also feeds the Add, so the ReLU must stay a layer of its own.
    const shared = withEdge(chain(['in', 'input'], ['c', 'conv2d', { filters: 3, kernelSize: 3, padding: 'same' }], ['r', 'relu'], ['sum', 'add'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'c', 'sum');
    const branched = compileGraph(shared, { seed: 1 }).model;
    expect(branched.layers.map((l) => l.name)).toContain('r');
    expect(branched.getLayer('c').getConfig()['activation']).toBe('linear');
    branched.dispose();
  });
});
