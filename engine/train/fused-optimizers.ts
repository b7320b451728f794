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

/**
 * One fused kernel per weight: inputs {value, gradient, ...slots}, outputs [value, ...slots],
 * all assigned back. Subclasses name the kernel, the slots and the step's attributes.
 */
abstract class FusedOptimizer extends tf.Optimizer {
  private readonly state: SlotVariables;

  protected constructor(
    private readonly kernel: string,
    private readonly slotNames: readonly string[],
  ) {
    super();
    this.state = new SlotVariables(slotNames.length);
  }

  /** The kernel's attributes for the update about to run (this.iterations updates so far). */
  protected abstract stepAttrs(): tf.NamedAttrMap;

  override applyGradients(gradients: Gradients): void {
    const attrs = this.stepAttrs();
    tf.tidy(() => {
      for (const [name, gradient] of entries(gradients)) {
        const value = weight(name);
        const slots = this.state.of(name, value);
        const inputs: tf.NamedTensorMap = { value, gradient };
        this.slotNames.forEach((slot, i) => (inputs[slot] = slots[i] as tf.Variable));
        const [next, ...nextSlots] = tf.engine().runKernel(this.kernel, inputs, attrs) as tf.Tensor[];
        value.assign(next as tf.Tensor);
        slots.forEach((slot, i) => slot.assign(nextSlots[i] as tf.Tensor));
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    this.state.dispose();
  }
}

export class FusedAdamOptimizer extends FusedOptimizer {
  static get className(): string {
    return 'Adam'; // what tf.train.adam serialises as
  }

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = tf.backend().epsilon(),
  ) {
    super(FUSED_ADAM, ['m', 'v']);
  }

  protected stepAttrs(): tf.NamedAttrMap {
    const attrs: FusedAdamAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step: this.iterations + 1 };
    return attrs as unknown as tf.NamedAttrMap;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

export class FusedMomentumOptimizer extends FusedOptimizer {
  static get className(): string {
    return 'Momentum';
  }

  constructor(
    private readonly learningRate: number,
    private readonly momentum: number,
  ) {
    super(FUSED_MOMENTUM, ['accum']);
  }

  protected stepAttrs(): tf.NamedAttrMap {
    const attrs: FusedMomentumAttrs = { learningRate: this.learningRate, momentum: this.momentum };
    return attrs as unknown as tf.NamedAttrMap;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum };
  }
}
