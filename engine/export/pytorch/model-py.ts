import type { InferencePlan, PlanStep } from '../inference-plan.js';
import { preprocessingFor } from '../layout.js';
import { forwardCall, moduleFor } from './layer-code.js';

const AVG_POOL_SAME = `
class AvgPool2dSame(nn.Module):
    """Average pooling with TensorFlow's 'same' padding: the odd pixel of padding goes at the
    bottom/right, and padded pixels are left out of each average."""

    def __init__(self, kernel_size, stride, pads):
        super().__init__()
        self.kernel_size, self.stride, self.pads = kernel_size, stride, pads

    def forward(self, x):
        top, bottom, left, right = self.pads
        summed = F.avg_pool2d(F.pad(x, (left, right, top, bottom)), self.kernel_size, self.stride)
        counted = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), (left, right, top, bottom)), self.kernel_size, self.stride)
        return summed / counted

`;

/**
 * model.py: an nn.Module as a person would write it. Layers are attributes named after the
 * nodes; forward() reuses `x` along a chain and gives a result its own name only where a
 * branch or merge needs it later.
 */
export function modelPySource(plan: InferencePlan, attrs: Map<string, string>, classNames: readonly string[], preprocessing = preprocessingFor(plan.imageShape, 'NCHW')): string {
  const init: string[] = [];
  for (const step of plan.steps) {
    const made = moduleFor(step);
    if (made) init.push(`        self.${attrs.get(step.id)} = ${made}`);
  }

  const varOf = new Map<string, string>();
  const order = [plan.inputId, ...plan.steps.map((s) => s.id)];
  const stepById = new Map(plan.steps.map((s) => [s.id, s]));
  // A result stays in `x` when exactly the next line reads it, and reads nothing else.
  const chained = (id: string, index: number) => {
    if ((plan.readers.get(id) ?? 0) !== 1) return false;
    const next = order[index + 1];
    if (next === undefined) return id === plan.resultId;
    const reader = stepById.get(next);
    return reader !== undefined && reader.inputs.length === 1 && reader.inputs[0] === id;
  };
  const forward: string[] = [];
  order.forEach((id, index) => {
    const name = chained(id, index) ? 'x' : (attrs.get(id) ?? id);
    varOf.set(id, name);
    if (id === plan.inputId) {
      if (name !== 'x') forward.push(`        ${name} = x`);
      return;
    }
    const step = stepById.get(id) as PlanStep;
    const { expr, note } = forwardCall(step, attrs.get(id) ?? id, step.inputs.map((s) => varOf.get(s) ?? s));
    if (note) forward.push(`        # ${note}`);
    forward.push(`        ${name} = ${expr}`);
  });
  forward.push(`        return ${varOf.get(plan.resultId) ?? 'x'}`);

  const needsAvgPoolSame = plan.steps.some((s) => moduleFor(s)?.startsWith('AvgPool2dSame'));
  const output = plan.outputsProbabilities
    ? `[N, ${plan.classes}] class probabilities (the graph ends in Softmax)`
    : `[N, ${plan.classes}] logits (raw class scores; apply softmax for probabilities)`;
  const [height, width, channels] = plan.imageShape;
  return `"""An image classifier exported by Layerloom.

Input:  float32 [N, ${channels}, ${height}, ${width}] (NCHW): ${preprocessing.replace(/, NCHW.*$/, '')}.
Output: ${output}.
Classes, in output order: ${classNames.join(', ') || '(not recorded)'}.

The weights were trained in TensorFlow.js, which keeps images channels-last (NHWC), and were
converted to PyTorch's layouts on export. Where the two frameworks would compute something
differently, forward() says so on the line that makes up for it.
Load the weights with predict.load_model(), or:
    model.load_state_dict({k: torch.from_numpy(v) for k, v in numpy.load("weights.npz").items()})
"""
import torch
from torch import nn
import torch.nn.functional as F

# Class names in output order, the [channels, height, width] of one input image, the class count.
CLASS_NAMES = ${JSON.stringify(classNames)}
INPUT_SHAPE = (${channels}, ${height}, ${width})
NUM_CLASSES = ${plan.classes}
OUTPUTS_PROBABILITIES = ${plan.outputsProbabilities ? 'True' : 'False'}

${needsAvgPoolSame ? AVG_POOL_SAME : ''}
class Net(nn.Module):
    def __init__(self):
        super().__init__()
${init.join('\n')}

    def forward(self, x):
${forward.join('\n')}
`;
}
