import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../project/templates.js';
import { analyzeGraph } from './analyze.js';
import { chain, withEdge, withoutNode, withParams } from './test-graphs.js';
import type { Graph, IssueCode } from './types.js';

const lenet = loadTemplate('lenet').graph;
const small = chain(['in', 'input'], ['flat', 'flatten'], ['fc', 'dense', { units: 10 }], ['out', 'output']);

function codes(graph: Graph): [string | null, IssueCode][] {
  return analyzeGraph(graph).issues.map((i) => [i.nodeId, i.code as IssueCode]);
}

describe('analyzeGraph on valid graphs', () => {
  it('infers LeNet shapes and counts 62,006 parameters', () => {
    const a = analyzeGraph(lenet);
    expect(a.valid).toBe(true);
    expect(a.nodes.get('conv1')?.outputShape).toEqual([28, 28, 6]);
    expect(a.nodes.get('pool2')?.outputShape).toEqual([5, 5, 16]);
    expect(a.nodes.get('flatten')?.outputShape).toEqual([400]);
    expect(a.nodes.get('fc1')?.paramCount).toBe(48_120);
    expect(a.totalParams).toBe(62_006);
    expect(a.order[0]).toBe('input');
    expect(a.order.at(-1)).toBe('output');
  });

  it('handles same padding, strides, skip connections and concat', () => {
    const g = withEdge(chain(
      ['in', 'input'], ['c1', 'conv2d', { filters: 8, kernelSize: 3, padding: 'same' }], ['c2', 'conv2d', { filters: 8, kernelSize: 3, padding: 'same', strides: 1 }],
      ['sum', 'add'], ['c3', 'conv2d', { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }], ['p', 'avgpool2d', { poolSize: 2, strides: 2 }],
      ['flat', 'flatten'], ['fc', 'dense', { units: 10 }], ['out', 'output'],
    ), 'c1', 'sum');
    const a = analyzeGraph(g);
    expect(a.issues).toEqual([]);
    expect(a.nodes.get('sum')?.outputShape).toEqual([32, 32, 8]);
    expect(a.nodes.get('c3')?.outputShape).toEqual([16, 16, 4]);
    expect(a.nodes.get('p')?.outputShape).toEqual([8, 8, 4]);
    const cat = withEdge(chain(['in', 'input'], ['a', 'conv2d', { filters: 3, kernelSize: 1 }], ['j', 'concat'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'in', 'j');
    expect(analyzeGraph(cat).nodes.get('j')?.outputShape).toEqual([32, 32, 6]);
  });

  it('counts batchnorm as 4 weights per channel, as TF.js does', () => {
    const g = chain(['in', 'input'], ['bn', 'batchnorm'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']);
    expect(analyzeGraph(g).nodes.get('bn')?.paramCount).toBe(12);
  });
});

describe('analyzeGraph reports every problem at once', () => {
  it('a 4-D tensor reaching Dense: add a Flatten', () => {
    const issues = analyzeGraph(withEdge(withoutNode(lenet, 'flatten'), 'pool2', 'fc1')).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'fc1', code: 'needs-flatten' });
    expect(issues[0]?.fix).toBe('Add a Flatten before Dense.');
    expect(issues[0]?.message).toContain('5×5×16');
  });

  it('a 4-D tensor reaching Output', () => {
    const g = chain(['in', 'input'], ['c', 'conv2d'], ['out', 'output']);
    expect(codes(g)).toEqual([['out', 'needs-flatten']]);
  });

  it('cycles, on every node of the cycle', () => {
    const g = withEdge(chain(['in', 'input'], ['a', 'relu'], ['b', 'add'], ['c', 'relu'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'c', 'b');
    const found = codes(g).filter(([, c]) => c === 'cycle').map(([id]) => id).sort();
    expect(found).toEqual(['b', 'c']);
  });

  it('missing and extra input and output', () => {
    expect(codes(withoutNode(small, 'in'))).toContainEqual([null, 'missing-input']);
    expect(codes(withoutNode(small, 'out'))).toContainEqual([null, 'missing-output']);
    const twoInputs = { ...small, nodes: [...small.nodes, { id: 'in2', kind: 'input' as const, params: {}, position: { x: 0, y: 0 } }] };
    expect(codes(twoInputs)).toContainEqual(['in2', 'extra-input']);
    const twoOutputs = withEdge({ ...small, nodes: [...small.nodes, { id: 'out2', kind: 'output' as const, params: {}, position: { x: 0, y: 0 } }] }, 'fc', 'out2');
    expect(codes(twoOutputs)).toEqual([['out2', 'extra-output']]);
  });

  it('a node not connected to the output, and a node with no input', () => {
    const dangling = withEdge({ ...small, nodes: [...small.nodes, { id: 'r', kind: 'relu' as const, params: {}, position: { x: 0, y: 0 } }] }, 'flat', 'r');
    expect(codes(dangling)).toEqual([['r', 'unconnected']]);
    const isolated = { ...small, nodes: [...small.nodes, { id: 'lonely', kind: 'conv2d' as const, params: {}, position: { x: 0, y: 0 } }] };
    expect(codes(isolated)).toEqual([['lonely', 'unconnected']]);
    const noInput = withEdge({ ...small, nodes: [...small.nodes, { id: 'r', kind: 'relu' as const, params: {}, position: { x: 0, y: 0 } }] }, 'r', 'out');
    expect(codes(noInput)).toContainEqual(['r', 'no-incoming']);
    expect(codes(noInput)).toContainEqual(['out', 'too-many-inputs']);
  });

  it('add with mismatched shapes, and add with one input', () => {
    const g = withEdge(chain(['in', 'input'], ['c', 'conv2d', { filters: 4, kernelSize: 3 }], ['sum', 'add'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'in', 'sum');
    const issue = analyzeGraph(g).issues[0];
    expect(issue).toMatchObject({ nodeId: 'sum', code: 'shape-mismatch' });
    expect(issue?.message).toContain('30×30×4 and 32×32×3');
    const lone = chain(['in', 'input'], ['sum', 'add'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']);
    expect(codes(lone)).toEqual([['sum', 'too-few-inputs']]);
  });

  it('concat with different spatial sizes', () => {
    const g = withEdge(chain(['in', 'input'], ['p', 'maxpool2d'], ['j', 'concat'], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']), 'in', 'j');
    expect(codes(g)).toEqual([['j', 'shape-mismatch']]);
  });

  it('kernel or pool larger than its input', () => {
    const g = chain(['in', 'input'], ['p', 'maxpool2d', { poolSize: 8, strides: 8 }], ['c', 'conv2d', { kernelSize: 5 }], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']);
    expect(codes(g)).toEqual([['c', 'kernel-too-large']]);
    const pool = chain(['in', 'input'], ['c', 'conv2d', { kernelSize: 15, strides: 8 }], ['p', 'maxpool2d', { poolSize: 4 }], ['f', 'flatten'], ['fc', 'dense'], ['out', 'output']);
    expect(codes(pool)).toEqual([['p', 'pool-too-large']]);
  });

  it('spatial layers after a Flatten', () => {
    const g = chain(['in', 'input'], ['f', 'flatten'], ['c', 'conv2d'], ['fc', 'dense'], ['out', 'output']);
    expect(codes(g)).toContainEqual(['c', 'needs-spatial']);
  });

  it('output units other than 10', () => {
    const issues = analyzeGraph(withParams(small, 'fc', { units: 84 })).issues;
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'out', code: 'output-units' })]);
    expect(issues[0]?.fix).toContain('10');
  });

  it('params out of range, of the wrong type, unknown, and bad enum values', () => {
    const g = withParams(withParams(lenet, 'conv1', { filters: 0, kernelSize: 2.5, padding: 'full' }), 'fc1', { units: '120', colour: 'red' });
    const found = codes(g);
    expect(found).toContainEqual(['conv1', 'param-range']);
    expect(found.filter(([id, c]) => id === 'conv1' && c === 'param-type')).toHaveLength(2);
    expect(found).toContainEqual(['fc1', 'param-type']);
    expect(found).toContainEqual(['fc1', 'unknown-param']);
    // Bad values fall back to defaults so the shapes below stay visible.
    expect(analyzeGraph(g).nodes.get('conv1')?.outputShape).toEqual([28, 28, 6]);
  });

  it('edges into Input, out of Output, dangling, self-loops and duplicates', () => {
    expect(codes(withEdge(small, 'fc', 'in'))).toContainEqual(['in', 'edge-into-input']);
    expect(codes(withEdge(small, 'fc', 'in'))).toHaveLength(1);
    expect(codes(withEdge(small, 'out', 'fc'))).toEqual([['out', 'edge-from-output']]);
    expect(codes(withEdge(small, 'fc', 'ghost'))).toContainEqual(['fc', 'dangling-edge']);
    expect(codes(withEdge(small, 'flat', 'flat'))).toContainEqual(['flat', 'self-loop']);
    expect(codes(withEdge(small, 'in', 'flat'))).toEqual([['flat', 'duplicate-edge']]);
  });

  it('duplicate ids and unknown kinds', () => {
    const dup = { ...small, nodes: [...small.nodes, { id: 'fc', kind: 'relu' as const, params: {}, position: { x: 0, y: 0 } }] };
    expect(codes(dup)).toContainEqual(['fc', 'duplicate-id']);
    const unknown = { ...small, nodes: [...small.nodes, { id: 'x', kind: 'lstm' as never, params: {}, position: { x: 0, y: 0 } }] };
    expect(codes(unknown)).toContainEqual(['x', 'unknown-kind']);
  });

  it('collects independent problems together rather than stopping at the first', () => {
    const g = withParams(withoutNode(withEdge(withoutNode(lenet, 'flatten'), 'pool2', 'fc1'), 'input'), 'fc3', { units: 9 });
    const found = codes(g).map(([, c]) => c);
    expect(found).toEqual(expect.arrayContaining(['missing-input', 'no-incoming']));
    expect(found.length).toBeGreaterThanOrEqual(2);
  });

  it('every issue has a message and a fix', () => {
    const g = withEdge(withParams(withoutNode(lenet, 'flatten'), 'conv1', { filters: -1 }), 'relu4', 'conv1');
    for (const issue of analyzeGraph(g).issues) {
      expect(issue.message.length).toBeGreaterThan(10);
      expect(issue.fix.length).toBeGreaterThan(5);
    }
  });
});
