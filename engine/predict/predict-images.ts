import * as tf from '../tf.js';
import { NORMALIZED_BYTE } from '../data/index.js';
import { decodeImage, toSingleChannel } from '../data/image-folder/index.js';
import type { FitMode } from '../data/image-folder/index.js';
import { modelImageShape } from '../train/step.js';

export interface ImageToPredict {
  /** What the user knows the image by (file name or path); echoed back. */
  name: string;
  bytes: Buffer;
}

export interface ClassScore { index: number; className: string; probability: number }
export type Prediction = { name: string; top: ClassScore[] } | { name: string; error: string };

export interface PredictOptions {
  classNames: readonly string[];
  /** True when the graph ends in Softmax (outputs are already probabilities). */
  outputsProbabilities: boolean;
  /** How the training images were fitted to the Input size; new images get the same. */
  fit: FitMode;
  topK?: number;
}

/**
 * Top-k classes for new image files, prepared exactly as the training images were (same decoder,
 * resize, fit and scaling), so a training image gives the same scores here as in evaluate.
 * A file that cannot be decoded gets an error entry; the others are still predicted.
 */
export async function predictImages(model: tf.LayersModel, images: readonly ImageToPredict[], options: PredictOptions): Promise<Prediction[]> {
  const [height, width, channels] = modelImageShape(model);
  const per = height * width * channels;
  const decoded = await Promise.all(images.map(async (image) => {
    try {
      const rgb = await decodeImage(image.bytes, height, width, options.fit);
      return channels === 1 ? toSingleChannel(rgb) : rgb;
    } catch (error) {
      return new Error((error instanceof Error ? error.message : String(error)).split('\n')[0]);
    }
  }));
  const good = decoded.flatMap((d, i) => (d instanceof Error ? [] : [i]));
  const x = new Float32Array(good.length * per);
  good.forEach((i, row) => {
    const pixels = decoded[i] as Uint8Array;
    for (let p = 0; p < per; p++) x[row * per + p] = NORMALIZED_BYTE[pixels[p] as number] as number;
  });
  const probabilities = good.length === 0 ? new Float32Array() : tf.tidy(() => {
    const out = model.predict(tf.tensor4d(x, [good.length, height, width, channels])) as tf.Tensor;
    return (options.outputsProbabilities ? out : tf.softmax(out)).dataSync() as Float32Array;
  });
  const classes = probabilities.length / Math.max(good.length, 1);
  const k = Math.max(1, Math.min(options.topK ?? 5, classes));
  return images.map((image, i) => {
    const d = decoded[i];
    if (d instanceof Error) return { name: image.name, error: `cannot be read as an image: ${d.message}` };
    const row = probabilities.subarray(good.indexOf(i) * classes, (good.indexOf(i) + 1) * classes);
    const top = Array.from(row, (probability, index) => ({ index, className: options.classNames[index] ?? `class ${index}`, probability }))
      .sort((a, b) => b.probability - a.probability || a.index - b.index).slice(0, k);
    return { name: image.name, top };
  });
}
