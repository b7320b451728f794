// SGD (momentum, Nesterov, weight decay) and Adam/AdamW with PyTorch's update rules and a
// learning rate a schedule can change between steps. Where the backend has our fused update
// kernels (the native kernels on WASM) the momentum and Adam arithmetic runs as ONE kernel call
// per weight instead of TF.js's ~12 (Adam) or 3 (momentum) elementwise kernels; weight decay
// is one op before it (L2: g + λw; AdamW: w·(1 − lr·λ), both as PyTorch orders them).
// Nesterov has no fused kernel and runs as TF.js ops. Same results either way (tested against
// plain re-statements of torch.optim.SGD and torch.optim.AdamW).
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

/** An optimizer whose learning rate a schedule sets before each step, and whose state a checkpoint saves. */
export interface ScheduledOptimizer {
  learningRate: number;
  /** Per-weight state (momentum buffers, Adam moments) of the named weights, in order; zeros where none yet. */
  readSlots(names: readonly string[]): Float32Array[];
  /** Restores what readSlots gave, for weights that may now have other names (a new process). */
  writeSlots(names: readonly string[], values: readonly Float32Array[]): void;
  /** Updates so far (Adam's bias correction counts them). */
  readonly iterations: number;
  setIterations(count: number): void;
}

/** Per-weight optimizer state, created as zeros on first use and kept out of training. */
abstract class SlotOptimizer extends tf.Optimizer implements ScheduledOptimizer {
  private readonly slots = new Map<string, tf.Variable[]>();

  protected constructor(public learningRate: number, private readonly slotCount: number) {
    super();
  }

  protected slotsOf(name: string, like: tf.Variable): tf.Variable[] {
    let slots = this.slots.get(name);
    if (slots === undefined) {
      slots = Array.from({ length: this.slotCount }, () => tf.tidy(() => tf.zerosLike(like).variable(false)));
      this.slots.set(name, slots);
    }
    return slots;
  }

  /** One weight's update, inside a tidy; `step` is 1-based. */
  protected abstract update(value: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[], step: number): void;

  override applyGradients(gradients: Gradients): void {
    const step = this.iterations + 1;
    tf.tidy(() => {
      for (const [name, gradient] of entries(gradients)) {
        const value = weight(name);
        this.update(value, gradient, this.slotsOf(name, value), step);
      }
    });
    this.incrementIterations();
  }

  readSlots(names: readonly string[]): Float32Array[] {
    return names.flatMap((name) => {
      const slots = this.slotsOf(name, weight(name));
      return slots.map((s) => s.dataSync() as Float32Array);
    });
  }

  writeSlots(names: readonly string[], values: readonly Float32Array[]): void {
    if (values.length !== names.length * this.slotCount) throw new Error(`optimizer state holds ${values.length} arrays, ${names.length * this.slotCount} expected`);
    names.forEach((name, i) => {
      const w = weight(name);
      this.slotsOf(name, w).forEach((slot, k) => {
        const data = values[i * this.slotCount + k] as Float32Array;
        if (data.length !== w.size) throw new Error(`optimizer state for ${name} has ${data.length} values, ${w.size} expected`);
        slot.assign(tf.tensor(data, w.shape));
      });
    });
  }

  setIterations(count: number): void {
    this.iterations_ = count;
  }

  override dispose(): void {
    for (const slots of this.slots.values()) tf.dispose(slots);
    this.slots.clear();
  }
}

export interface SgdOptions { momentum?: number; nesterov?: boolean; weightDecay?: number; fused?: boolean }

/**
 * torch.optim.SGD (dampening 0): d = g + λw; b = μb + d (b = d at the first step, the same as
 * starting from zeros); d = Nesterov ? d + μb : b; w −= lr·d.
 */
export class SgdOptimizer extends SlotOptimizer {
  static get className(): string {
    return 'LayerloomSGD';
  }

  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private readonly fused: boolean;

  constructor(learningRate: number, options: SgdOptions = {}) {
    const momentum = options.momentum ?? 0;
    super(learningRate, momentum > 0 ? 1 : 0);
    this.momentum = momentum;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    this.fused = (options.fused ?? fusedOptimizersAvailable()) && !this.nesterov && momentum > 0;
  }

  /** Whether the updates run as our one-kernel-per-weight form. */
  get isFused(): boolean {
    return this.fused;
  }

  protected update(value: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[]): void {
    const d = this.weightDecay > 0 ? tf.add(gradient, tf.mul(value, this.weightDecay)) : gradient;
    const [buffer] = slots;
    if (buffer === undefined) {
      value.assign(tf.sub(value, tf.mul(d, this.learningRate)));
      return;
    }
    if (this.fused) {
      const attrs: FusedMomentumAttrs = { learningRate: this.learningRate, momentum: this.momentum };
      const [next, nextBuffer] = tf.engine().runKernel(FUSED_MOMENTUM, { value, gradient: d, accum: buffer }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      value.assign(next as tf.Tensor);
      buffer.assign(nextBuffer as tf.Tensor);
      return;
    }
    const b = tf.add(tf.mul(buffer, this.momentum), d);
    buffer.assign(b);
    const direction = this.nesterov ? tf.add(d, tf.mul(b, this.momentum)) : b;
    value.assign(tf.sub(value, tf.mul(direction, this.learningRate)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}

export interface AdamOptions { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number; decoupled?: boolean; fused?: boolean }

/**
 * torch.optim.Adam (L2: g + λw) or AdamW (decoupled: w·(1 − lr·λ) first), with TF.js's epsilon
 * (1e-7) as before, added outside the square root as both frameworks do.
 */
export class AdamOptimizer extends SlotOptimizer {
  static get className(): string {
    return 'LayerloomAdam';
  }

  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
  private readonly fused: boolean;

  constructor(learningRate: number, options: AdamOptions = {}) {
    super(learningRate, 2);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? tf.backend().epsilon();
    this.weightDecay = options.weightDecay ?? 0;
    this.decoupled = options.decoupled ?? false;
    this.fused = options.fused ?? fusedOptimizersAvailable();
  }

  get isFused(): boolean {
    return this.fused;
  }

  protected update(value: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[], step: number): void {
    const [m, v] = slots as [tf.Variable, tf.Variable];
    let g = gradient;
    if (this.weightDecay > 0) {
      if (this.decoupled) value.assign(tf.mul(value, 1 - this.learningRate * this.weightDecay));
      else g = tf.add(gradient, tf.mul(value, this.weightDecay));
    }
    if (this.fused) {
      const attrs: FusedAdamAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step };
      const [next, nextM, nextV] = tf.engine().runKernel(FUSED_ADAM, { value, gradient: g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      value.assign(next as tf.Tensor);
      m.assign(nextM as tf.Tensor);
      v.assign(nextV as tf.Tensor);
      return;
    }
    const m1 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
    const v1 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
    m.assign(m1);
    v.assign(v1);
    const mHat = tf.div(m1, 1 - this.beta1 ** step);
    const vHat = tf.div(v1, 1 - this.beta2 ** step);
    value.assign(tf.sub(value, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), this.learningRate)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay, decoupled: this.decoupled };
  }
}

/**
 * TF.js's RMSprop (not centered), the form this app always trained with: ms = ρ·ms + (1 − ρ)·g²;
 * mom = μ·mom + lr·g/√(ms + ε); w −= mom. Weight decay as L2 on the gradient.
 */
export class RmspropOptimizer extends SlotOptimizer {
  static get className(): string {
    return 'LayerloomRMSProp';
  }

  constructor(learningRate: number, readonly momentum = 0, readonly weightDecay = 0, readonly decay = 0.9, readonly epsilon = tf.backend().epsilon()) {
    super(learningRate, 2);
  }

  protected update(value: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[]): void {
    const [ms, mom] = slots as [tf.Variable, tf.Variable];
    const g = this.weightDecay > 0 ? tf.add(gradient, tf.mul(value, this.weightDecay)) : gradient;
    const ms1 = tf.add(tf.mul(ms, this.decay), tf.mul(tf.square(g), 1 - this.decay));
    const mom1 = tf.add(tf.mul(mom, this.momentum), tf.div(tf.mul(g, this.learningRate), tf.sqrt(tf.add(ms1, this.epsilon))));
    ms.assign(ms1);
    mom.assign(mom1);
    value.assign(tf.sub(value, mom1));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, weightDecay: this.weightDecay, decay: this.decay, epsilon: this.epsilon };
  }
}
