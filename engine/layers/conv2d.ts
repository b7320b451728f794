import type { LayerDefinition } from './definition.js';
import { formatShape, num, ok, problem, requireSpatial, str } from './definition.js';
import { outputLength, windowFits } from './spatial.js';

export const conv2d: LayerDefinition = {
  kind: 'conv2d',
  displayName: 'Conv2D',
  category: 'Convolution',
  description: 'Slides learned filters over the image; each filter yields one output channel.',
  params: [
    { name: 'filters', label: 'Filters', type: 'int', default: 6, min: 1, max: 1024, help: 'Number of output channels.' },
    { name: 'kernelSize', label: 'Kernel size', type: 'int', default: 5, min: 1, max: 15, unit: 'px', help: 'Height and width of each filter.' },
    { name: 'strides', label: 'Stride', type: 'int', default: 1, min: 1, max: 8, unit: 'px', help: 'Step between filter positions.' },
    { name: 'padding', label: 'Padding', type: 'enum', default: 'valid', options: ['valid', 'same'], help: "'valid' shrinks the image by kernel − 1; 'same' keeps its size (at stride 1)." },
    { name: 'useBias', label: 'Use bias', type: 'bool', default: true, help: 'Adds a learned offset per filter.' },
  ],
  inputs: { min: 1, max: 1 },
  hasOutput: true,
  inferShape(inputs, params) {
    const [shape] = inputs;
    const notSpatial = requireSpatial('Conv2D', shape);
    if (notSpatial || shape === undefined) return notSpatial ?? ok([]);
    const k = num(params, 'kernelSize');
    const s = num(params, 'strides');
    const padding = str(params, 'padding');
    if (!windowFits(shape, k, padding)) {
      return problem('kernel-too-large', `Kernel ${k}×${k} is larger than its ${formatShape(shape)} input.`,
        `Use a kernel of at most ${Math.min(shape[0] ?? 1, shape[1] ?? 1)}, set padding to 'same', or remove a pooling layer above.`);
    }
    return ok([outputLength(shape[0] ?? 0, k, s, padding), outputLength(shape[1] ?? 0, k, s, padding), num(params, 'filters')]);
  },
  paramCount(inputs, params) {
    const channels = inputs[0]?.[2] ?? 0;
    const k = num(params, 'kernelSize');
    const filters = num(params, 'filters');
    return k * k * channels * filters + (params['useBias'] ? filters : 0);
  },
  summary: (p) => `${num(p, 'filters')} @ ${num(p, 'kernelSize')}×${num(p, 'kernelSize')}${num(p, 'strides') > 1 ? ` /${num(p, 'strides')}` : ''}`,
};
