import { describe, expect, it } from 'vitest';
import { loadTemplate, loadTemplates } from '../project/templates.js';
import { adaptGraphToDataset, datasetMismatches } from './adapt-to-dataset.js';
import { analyzeGraph } from './analyze.js';

const five = { shape: { height: 28, width: 24, channels: 1 }, classNames: ['a', 'b', 'c', 'd', 'e'] };

describe('adaptGraphToDataset', () => {
  it('sets Input, Output and the final Dense of LeNet, and says what changed', () => {
    const { graph, changes } = adaptGraphToDataset(loadTemplate('lenet').graph, five);
    expect(changes).toEqual(['Input 32×32×3 → 28×24×1', 'Dense before Output 10 → 5 units', 'Output 10 → 5 classes']);
    const analysis = analyzeGraph(graph);
    expect(analysis.issues).toEqual([]);
    expect(analysis.nodes.get('fc3')?.outputShape).toEqual([5]);
    expect(datasetMismatches(graph, five)).toEqual([]);
  });

  const square = { ...five, shape: { height: 28, width: 28, channels: 1 } };
  it.each(loadTemplates().map((t) => [t.id, t.project.graph] as const))('%s adapts to a 5-class 28×28 gray dataset and stays valid', (_id, before) => {
    const { graph } = adaptGraphToDataset(before, square);
    expect(analyzeGraph(graph).issues).toEqual([]);
    expect(adaptGraphToDataset(graph, square).changes).toEqual([]);
  });

  it('leaves a global pool that cannot stay square for validation to report', () => {
    const { graph, changes } = adaptGraphToDataset(loadTemplate('resnet-mini').graph, five);
    expect(changes).not.toContainEqual(expect.stringMatching(/global pool/));
    expect(analyzeGraph(graph).issues).toEqual([expect.objectContaining({ nodeId: 'gap', code: 'pool-too-large' })]);
    expect(adaptGraphToDataset(loadTemplate('resnet-mini').graph, square).changes).toContain('global pool 8×8 → 7×7');
  });
});

describe('dataset mismatches', () => {
  it('name the Input size and the class count with their fixes', () => {
    const issues = datasetMismatches(loadTemplate('lenet').graph, five);
    expect(issues).toEqual([
      { nodeId: 'input', code: 'dataset-mismatch', message: 'Input takes 32×32×3 images; this dataset has 28×24×1.', fix: expect.stringContaining('Set Input to 28×24×1') },
      { nodeId: 'output', code: 'dataset-mismatch', message: 'Output expects 10 classes; this dataset has 5 (a, b, c, d, e).', fix: expect.stringContaining('to 5') },
    ]);
  });

  it('validation names the Dense units against the class count', () => {
    const graph = loadTemplate('lenet').graph;
    const output = graph.nodes.find((n) => n.kind === 'output');
    if (output) output.params = { ...output.params, classes: 5 };
    const issue = analyzeGraph(graph).issues.find((i) => i.code === 'output-units');
    expect(issue?.message).toBe('Dense before Output has 10 units; this dataset has 5 classes.');
    expect(issue?.fix).toMatch(/Set Units to 5/);
  });
});
