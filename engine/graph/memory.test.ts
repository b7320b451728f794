import { describe, expect, it } from 'vitest';
import { analyzeGraph } from './analyze.js';
import { checkTrainingMemory, estimateTrainingMemory, formatBytes, optimizerSlots, type MemoryLimits } from './memory.js';
import { chain, HUGE } from './test-graphs.js';

const GiB = 1024 ** 3;
const SMALL = chain(['input', 'input'], ['flat', 'flatten'], ['fc', 'dense', { units: 10 }], ['output', 'output']);
const wasm = (freeBytes = 16 * GiB): MemoryLimits => ({ freeBytes, backend: 'wasm', backendMaxBytes: 4 * GiB, maxTensorElements: 2 ** 32 });
const native = (freeBytes: number): MemoryLimits => ({ freeBytes, backend: 'tensorflow', backendMaxBytes: null, maxTensorElements: 2 ** 53 });

describe('training memory estimate', () => {
  it('counts weights, optimizer slots, gradients and activations at the batch size', () => {
    const analysis = analyzeGraph(SMALL);
    // 3072·10 + 10 weights; outputs per image: input 3072, flatten 3072, dense 10, output 10.
    const params = 30_730;
    const activations = (3072 + 3072 + 10 + 10) * 32;
    const adam = estimateTrainingMemory(analysis, { optimizer: 'adam', batchSize: 32 });
    expect(adam.weightsBytes).toBe(params * 4);
    expect(adam.optimizerBytes).toBe(params * 2 * 4);
    expect(adam.activationBytes).toBe(activations * 4);
    expect(adam.gradientBytes).toBe((params + activations) * 4);
    expect(adam.totalBytes).toBe((params * 4 + activations * 2) * 4);
    expect(estimateTrainingMemory(analysis, { optimizer: 'sgd', batchSize: 32, momentum: 0 }).optimizerBytes).toBe(0);
    expect(estimateTrainingMemory(analysis, { optimizer: 'adam', batchSize: 64 }).activationBytes).toBe(activations * 2 * 4);
    expect([optimizerSlots('sgd', 0.9), optimizerSlots('rmsprop', 0), optimizerSlots('rmsprop', 0.9)]).toEqual([1, 1, 2]);
  });

  it('refuses the 8.6-billion-parameter graph with the figure and the fix, on the Dense that causes it', () => {
    const analysis = analyzeGraph(HUGE);
    expect(analysis.totalParams).toBeGreaterThan(8.5e9);
    const { estimate, issue } = checkTrainingMemory(analysis, { optimizer: 'adam', batchSize: 32 }, wasm());
    expect(estimate.heaviestNodeId).toBe('big');
    expect(estimate.totalBytes).toBeGreaterThan(120 * GiB);
    expect(issue).toMatchObject({ nodeId: 'big', code: 'memory', severity: 'error' });
    expect(issue?.message).toMatch(/^Training needs about 1\d\d GiB \(weights 32\.0 GiB, Adam state 64\.0 GiB, gradients 32\.\d GiB, activations .* at batch 32\)/);
    expect(issue?.message).toContain(', more than the 4.0 GiB the wasm backend can address and the 16.0 GiB free on this machine; one tensor alone has 8,589,942,784 values, more than the 4,294,967,296 an array can hold: the run cannot fit.');
    expect(issue?.fix).toBe('Dense (big) has 8,589,942,784 parameters: reduce Dense units or add pooling before Flatten.');
  });

  it('refuses a run larger than the WASM heap or the free memory, naming each limit it exceeds', () => {
    // 65,536·8,192 ≈ 537 M weights (2 GiB), ×4 with gradients and Adam: 8 GiB, over the WASM heap.
    const wide = chain(['input', 'input'], ['conv', 'conv2d', { filters: 64, kernelSize: 3, padding: 'same' }], ['flat', 'flatten'], ['fc', 'dense', { units: 8192 }], ['logits', 'dense', { units: 10 }], ['output', 'output']);
    const analysis = analyzeGraph(wide);
    const onWasm = checkTrainingMemory(analysis, { optimizer: 'adam', batchSize: 32 }, wasm(64 * GiB)).issue;
    expect(onWasm?.severity).toBe('error');
    expect(onWasm?.message).toMatch(/more than the 4\.0 GiB the wasm backend can address: the run cannot fit/);
    expect(onWasm?.nodeId).toBe('fc');
    const onNative = checkTrainingMemory(analysis, { optimizer: 'adam', batchSize: 32 }, native(4 * GiB)).issue;
    expect(onNative?.message).toMatch(/more than the 4\.0 GiB free on this machine: the run cannot fit/);
    // Plenty of memory: no problem at all.
    expect(checkTrainingMemory(analysis, { optimizer: 'adam', batchSize: 32 }, native(64 * GiB)).issue).toBeNull();
  });

  it('warns, without refusing, when a run takes more than half of what is available', () => {
    // 16,384·4,096 ≈ 67 M weights: 1.0 GiB with gradients and Adam, of 1.5 GiB free.
    const wide = chain(['input', 'input'], ['conv', 'conv2d', { filters: 16, kernelSize: 3, padding: 'same' }], ['flat', 'flatten'], ['fc', 'dense', { units: 4096 }], ['logits', 'dense', { units: 10 }], ['output', 'output']);
    const analysis = analyzeGraph(wide, { training: { optimizer: 'adam', batchSize: 32 }, limits: wasm(1.5 * GiB) });
    expect(analysis.valid).toBe(true);
    expect(analysis.warnings).toHaveLength(1);
    expect(analysis.warnings[0]).toMatchObject({ nodeId: 'fc', code: 'memory' });
    expect(analysis.warnings[0]?.message).toMatch(/over half of the 1\.5 GiB free on this machine/);
    expect(analysis.memory?.totalBytes).toBeGreaterThan(0.75 * GiB);
    expect(analysis.memory?.totalBytes).toBeLessThan(1.5 * GiB);
  });

  it('makes the analysis invalid when the run cannot fit, and leaves it alone without run settings', () => {
    const checked = analyzeGraph(HUGE, { training: { optimizer: 'adam', batchSize: 32 }, limits: wasm() });
    expect(checked.valid).toBe(false);
    expect(checked.issues.map((i) => i.code)).toEqual(['memory']);
    const plain = analyzeGraph(HUGE);
    expect(plain.valid).toBe(true);
    expect(plain.memory).toBeNull();
  });

  it('points at a wide activation when it, not the weights, costs the most', () => {
    const wideConv = chain(['input', 'input'], ['conv', 'conv2d', { filters: 1024, kernelSize: 3, padding: 'same' }], ['pool', 'maxpool2d', { poolSize: 32, strides: 32 }], ['flat', 'flatten'], ['logits', 'dense', { units: 10 }], ['output', 'output']);
    const { issue } = checkTrainingMemory(analyzeGraph(wideConv), { optimizer: 'adam', batchSize: 512 }, wasm(2 * GiB));
    expect(issue?.nodeId).toBe('conv');
    expect(issue?.fix).toMatch(/^Conv2D \(conv\) outputs 1,048,576 values per image: add pooling or a stride before it.*lower the batch size \(now 512\)/);
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(4 * GiB), formatBytes(130 * GiB)]).toEqual(['512 B', '1.5 KiB', '4.0 GiB', '130 GiB']);
  });
});
