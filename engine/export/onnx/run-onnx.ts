import * as ort from 'onnxruntime-node';

/**
 * Runs an exported .onnx file in ONNX Runtime (CPU): the proof that the file stands on its own.
 * For tests and the comparison script only; onnxruntime-node is a development dependency.
 */
export async function runOnnx(file: string, nchw: Float32Array, count: number, [height, width, channels]: readonly number[] = [32, 32, 3]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  try {
    const input = new ort.Tensor('float32', nchw, [count, channels ?? 3, height ?? 32, width ?? 32]);
    const result = await session.run({ input });
    const logits = result['logits'];
    if (!logits) throw new Error(`${file} has no output named logits.`);
    return new Float32Array(logits.data as Float32Array);
  } finally {
    await session.release();
  }
}
