import { imageBytes, splitShape, type CifarSplit } from './cifar-layout.js';

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
  const { channels } = splitShape(split);
  const sum = [0, 0, 0];
  const squares = [0, 0, 0];
  const { images } = split;
  const end = split.count * imageBytes(splitShape(split));
  for (let i = 0; i < end; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = (images[i + c] as number) / 255;
      sum[c] = (sum[c] as number) + v;
      squares[c] = (squares[c] as number) + v * v;
    }
  }
  const n = Math.max(1, end / channels);
  // A gray image's one channel stands for all three (the tables and exports keep three).
  const stat = (c: number) => Math.min(c, channels - 1);
  const mean = [0, 1, 2].map((c) => (sum[stat(c)] as number) / n) as [number, number, number];
  const std = [0, 1, 2].map((c) => Math.sqrt(Math.max((squares[stat(c)] as number) / n - (mean[c] as number) ** 2, 1e-12))) as [number, number, number];
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
export function describeNormalization(n: Normalization, layout: 'NHWC' | 'NCHW', [height, width, channels]: readonly number[] = [32, 32, 3]): string {
  const list = (v: readonly number[]) => `(${v.map((x) => Number(x.toFixed(4))).join(', ')})`;
  const shape = layout === 'NHWC' ? `[N, ${height}, ${width}, ${channels}]` : `[N, ${channels}, ${height}, ${width}]`;
  return `${channels === 1 ? 'Gray' : 'RGB'} pixels x in 0..255 → (x/255 − mean)/std per channel, mean ${list(n.mean)}, std ${list(n.std)}, ${layout} float32 ${shape}`;
}
