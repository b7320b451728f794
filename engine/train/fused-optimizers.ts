// Adam and SGD with momentum as ONE kernel call per weight, where the backend has our fused
// update kernels (the native kernels on WASM). TF.js's own optimizers run ~12 (Adam) or 3
// (momentum) elementwise kernels per weight, each with dispatch and temporaries: at batch 32
// that was a third of LeNet's step outside the layers. Same arithmetic in the same order, so
// a run matches the stock optimizer to float rounding (tested). createOptimizer picks these
// only where the kernels exist.
import * as tf from '../tf.js';
import { FUSED_ADAM, FUSED_MOMENTUM, type FusedAdamAttrs, type FusedMomentumAttrs } from '../backend/native-kernels.js';

/** True where the active backend runs our fused optimizer kernels. */
export function fusedOptimizersAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(FUSED_ADAM, backend) !== undefined && tf.getKernel(FUSED_MOMENTUM, backend) !== undefined;
}

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];
type NamedTensor = Extract<Gradients, unknown[]>[number];

function entries(gradients: Gradients): [string, tf.Tensor][] {
  return Array.isArray(gradients) ? gradients.map((g: NamedTensor) => [g.name, g.tensor]) : Object.entries(gradients);
}

function weight(name: string): tf.Variable {
  const variable = tf.engine().registeredVariables[name];
  if (variable === undefined) throw new Error(`optimizer: no variable named '${name}' to update`);
  return variable;
}

/** Per-weight optimizer state, created as zeros on first use and kept out of training. */
class SlotVariables {
  private readonly slots = new Map<string, tf.Variable[]>();
  constructor(private readonly count: number) {}

  of(name: string, like: tf.Variable): tf.Variable[] {
    let slots = this.slots.get(name);
    if (slots === undefined) {
      slots = Array.from({ length: this.count }, () => tf.tidy(() => tf.zerosLike(like).variable(false)));
      this.slots.set(name, slots);
    }
    return slots;
  }

  dispose(): void {
    for (const slots of this.slots.values()) tf.dispose(slots);
    this.slots.clear();
  }
}

export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Adam'; // what tf.train.adam serialises as
  }
  private readonly state = new SlotVariables(2);
  private step = 0;

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = tf.backend().epsilon(),
  ) {
    super();
  }

  override applyGradients(gradients: Gradients): void {
    this.step++;
    const attrs: FusedAdamAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step: this.step };
    tf.tidy(() => {
      for (const [name, gradient] of entries(gradients)) {
        const value = weight(name);
        const [m, v] = this.state.of(name, value) as [tf.Variable, tf.Variable];
        const [next, nextM, nextV] = tf.engine().runKernel(FUSED_ADAM, { value, gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        value.assign(next as tf.Tensor);
        m.assign(nextM as tf.Tensor);
        v.assign(nextV as tf.Tensor);
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    this.state.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

export class FusedMomentumOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Momentum';
  }
  private readonly state = new SlotVariables(1);

  constructor(
    private readonly learningRate: number,
    private readonly momentum: number,
  ) {
    super();
  }

  override applyGradients(gradients: Gradients): void {
    const attrs: FusedMomentumAttrs = { learningRate: this.learningRate, momentum: this.momentum };
    tf.tidy(() => {
      for (const [name, gradient] of entries(gradients)) {
        const value = weight(name);
        const [accum] = this.state.of(name, value) as [tf.Variable];
        const [next, nextAccum] = tf.engine().runKernel(FUSED_MOMENTUM, { value, gradient, accum }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        value.assign(next as tf.Tensor);
        accum.assign(nextAccum as tf.Tensor);
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    this.state.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum };
  }
}
