// One step of the net as PyTorch code: the module __init__ builds and the line forward() runs.
import { num, str } from '../../layers/definition.js';
import type { PlanStep } from '../inference-plan.js';
import { flattenNeedsNhwc, spatialPads } from '../layout.js';

const pyFloat = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** A step's padding, split into what nn layers can do (equal on both sides) and what needs F.pad. */
function paddingOf(step: PlanStep, window: number) {
  const [top, bottom, left, right] = spatialPads(str(step.params, 'padding'), step.inputShape, window, num(step.params, 'strides'));
  const symmetric = top === bottom && left === right;
  return { top, bottom, left, right, symmetric, any: top + bottom + left + right > 0 };
}

/** The keyword arguments nn.Conv2d / nn.MaxPool2d / nn.AvgPool2d need beyond their defaults. */
function windowArgs(step: PlanStep, window: number): string[] {
  const pad = paddingOf(step, window);
  const stride = num(step.params, 'strides');
  const args = [`kernel_size=${window}`];
  if (step.kind === 'conv2d' ? stride !== 1 : stride !== window) args.push(`stride=${stride}`);
  if (pad.any && pad.symmetric) args.push(`padding=${pad.top === pad.left ? pad.top : `(${pad.top}, ${pad.left})`}`);
  return args;
}

/** The nn module that __init__ builds for a step; null for Add and Concat, which are plain expressions. */
export function moduleFor(step: PlanStep): string | null {
  const p = step.params;
  switch (step.kind) {
    case 'conv2d':
      return `nn.Conv2d(${step.inputShape[2]}, ${num(p, 'filters')}, ${[...windowArgs(step, num(p, 'kernelSize')), ...(p['useBias'] ? [] : ['bias=False'])].join(', ')})`;
    case 'maxpool2d':
      return `nn.MaxPool2d(${windowArgs(step, num(p, 'poolSize')).join(', ')})`;
    case 'avgpool2d': {
      const pad = paddingOf(step, num(p, 'poolSize'));
      if (pad.any && !pad.symmetric) return `AvgPool2dSame(${num(p, 'poolSize')}, ${num(p, 'strides')}, (${pad.top}, ${pad.bottom}, ${pad.left}, ${pad.right}))`;
      // TF leaves padded pixels out of each average.
      return `nn.AvgPool2d(${[...windowArgs(step, num(p, 'poolSize')), ...(pad.any ? ['count_include_pad=False'] : [])].join(', ')})`;
    }
    case 'dense':
      return `nn.Linear(${step.inputShape[0]}, ${num(p, 'units')}${p['useBias'] ? '' : ', bias=False'})`;
    case 'batchnorm':
      // PyTorch's momentum is the weight of the new batch, Keras's the weight of the running value.
      return `nn.BatchNorm${step.inputShape.length === 3 ? '2d' : '1d'}(${step.inputShape.at(-1)}, eps=${pyFloat(num(p, 'epsilon'))}, momentum=${pyFloat(Number((1 - num(p, 'momentum')).toFixed(6)))})`;
    case 'relu': return 'nn.ReLU()';
    case 'leakyrelu': return `nn.LeakyReLU(negative_slope=${pyFloat(num(p, 'alpha'))})`;
    case 'sigmoid': return 'nn.Sigmoid()';
    case 'tanh': return 'nn.Tanh()';
    case 'softmax': return 'nn.Softmax(dim=1)';
    case 'dropout': return `nn.Dropout(p=${pyFloat(num(p, 'rate'))})`;
    case 'flatten': return 'nn.Flatten()';
    case 'add': case 'concat': return null;
  }
}

/** The right-hand side of a step's forward() line, with a comment where PyTorch alone would differ from TF.js. */
export function forwardCall(step: PlanStep, attr: string, inputs: string[]): { expr: string; note?: string } {
  const [x = 'x'] = inputs;
  const edgePad = (window: number, value = '') => {
    const pad = paddingOf(step, window);
    return pad.any && !pad.symmetric ? `F.pad(${x}, (${pad.left}, ${pad.right}, ${pad.top}, ${pad.bottom})${value})` : null;
  };
  const sameNote = "TF 'same' padding puts the odd pixel at the bottom/right; nn padding would split it evenly.";
  switch (step.kind) {
    case 'add': return { expr: inputs.join(' + ') };
    case 'concat': return { expr: `torch.cat([${inputs.join(', ')}], dim=1)` };
    case 'flatten':
      return flattenNeedsNhwc(step.inputShape)
        ? { expr: `self.${attr}(${x}.permute(0, 2, 3, 1))`, note: 'TF.js flattens in height, width, channel order: permute so the next weights line up.' }
        : { expr: `self.${attr}(${x})` };
    case 'conv2d': {
      const padded = edgePad(num(step.params, 'kernelSize'));
      return padded ? { expr: `self.${attr}(${padded})`, note: sameNote } : { expr: `self.${attr}(${x})` };
    }
    case 'maxpool2d': {
      const padded = edgePad(num(step.params, 'poolSize'), ", value=float('-inf')");
      return padded ? { expr: `self.${attr}(${padded})`, note: sameNote } : { expr: `self.${attr}(${x})` };
    }
    default:
      return { expr: `self.${attr}(${x})` };
  }
}
