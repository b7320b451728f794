import { IMAGE_BYTES, type CifarSplit } from './cifar-layout.js';

/** Per-channel (R, G, B) mean and standard deviation of pixels scaled to 0..1: x → (x/255 − mean)/std. */
export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** (x/255 − 0.5)/0.5: −1..1, the classic PyTorch tutorial's scaling and this app's first. */
export const SYMMETRIC_NORMALIZATION: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

/** CIFAR-10's training-set statistics (50,000 images), as published and as channelStats computes them. */
export const CIFAR10_NORMALIZATION: Normalization = { mean: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616] };

/** The Input node's choices: symmetric, CIFAR-10's known values, or computed from the training images of the run. */
export const NORMALIZATION_MODES = ['symmetric', 'cifar10', 'dataset'] as const;
export type NormalizationMode = (typeof NORMALIZATION_MODES)[number];

/** Mean and population standard deviation of each channel over the split (HWC bytes). */
export function channelStats(split: CifarSplit): Normalization {
  const sum = [0, 0, 0];
  const squares = [0, 0, 0];
  const { images } = split;
  const end = split.count * IMAGE_BYTES;
  for (let i = 0; i < end; i += 3) {
    for (let c = 0; c < 3; c++) {
      const v = (images[i + c] as number) / 255;
      sum[c] = (sum[c] as number) + v;
      squares[c] = (squares[c] as number) + v * v;
    }
  }
  const n = Math.max(1, split.count * (IMAGE_BYTES / 3));
  const mean = sum.map((s) => s / n) as [number, number, number];
  const std = squares.map((s, c) => Math.sqrt(Math.max(s / n - (mean[c] as number) ** 2, 1e-12))) as [number, number, number];
  return { mean, std };
}

/** One 256-entry lookup table per channel (R at 0, G at 256, B at 512): a batch costs a lookup per byte. */
export function byteTables(normalization: Normalization): Float32Array {
  const tables = new Float32Array(768);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) tables[c * 256 + v] = (v / 255 - (normalization.mean[c] as number)) / (normalization.std[c] as number);
  }
  return tables;
}

/** The sentence exports carry so another runtime prepares inputs the same way. */
export function describeNormalization(n: Normalization, layout: 'NHWC' | 'NCHW'): string {
  const list = (v: readonly number[]) => `(${v.map((x) => Number(x.toFixed(4))).join(', ')})`;
  const shape = layout === 'NHWC' ? '[N, 32, 32, 3]' : '[N, 3, 32, 32]';
  return `RGB pixels x in 0..255 → (x/255 − mean)/std per channel, mean ${list(n.mean)}, std ${list(n.std)}, ${layout} float32 ${shape}`;
}
