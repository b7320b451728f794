// Checks a trained model's exports on real images:
//   node dist/engine/export/compare-exports.js MODEL_DIR DATA_DIR [COUNT]
// MODEL_DIR is a TF.js folder from `layerloom train --out`; DATA_DIR a cifar-10-batches-bin
// folder. Exports the model to every format in a temporary folder, reloads each in its own
// runtime (TF.js, ONNX Runtime, python3 + torch) and prints max |Δ| of the outputs against the
// trained TF.js model on the first COUNT (default 100) test images. A development tool: it needs
// the dev dependency onnxruntime-node, and torch for the PyTorch row.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { selectBackend } from '../backend/index.js';
import { loadCifar10 } from '../data/index.js';
import { maxAbsDiff, splitImages, tfjsOutputs } from './compare.js';
import { exportModel } from './export-model.js';
import { nhwcToNchw } from './layout.js';
import { findTorchPython, runPredictPy } from './pytorch/run-predict.js';
import { loadTfjsModel } from './tfjs.js';

function argmaxAgreement(a: Float32Array, b: Float32Array, classes = 10): number {
  let same = 0;
  const argmax = (x: Float32Array, row: number) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((x[row * classes + c] as number) > (x[row * classes + best] as number)) best = c;
    return best;
  };
  const rows = a.length / classes;
  for (let r = 0; r < rows; r++) if (argmax(a, r) === argmax(b, r)) same++;
  return same / rows;
}

async function main(): Promise<number> {
  const [modelDir, dataDir, countArg] = process.argv.slice(2);
  if (!modelDir || !dataDir) {
    process.stderr.write('Usage: node dist/engine/export/compare-exports.js MODEL_DIR DATA_DIR [COUNT]\n');
    return 2;
  }
  const backend = await selectBackend();
  const { model, metadata } = await loadTfjsModel(resolve(modelDir));
  if (!metadata) throw new Error(`${modelDir} has no Layerloom metadata.`);
  const data = await loadCifar10(resolve(dataDir));
  const count = Math.min(Number(countArg ?? 100), data.test.count);
  const nhwc = splitImages(data.test, count);
  const nchw = nhwcToNchw(nhwc, [count, 32, 32, 3]);
  const expected = tfjsOutputs(model, nhwc, count);
  const work = await mkdtemp(join(tmpdir(), 'layerloom-compare-'));
  const rows: string[][] = [];
  const row = (format: string, runtime: string, got: Float32Array | string) => rows.push(typeof got === 'string'
    ? [format, runtime, got, '', '']
    : [format, runtime, maxAbsDiff(got, expected).toExponential(2), `${(argmaxAgreement(got, expected) * 100).toFixed(0)}%`, String(got.length / 10)]);
  try {
    await exportModel('tfjs', model, join(work, 'tfjs'), metadata);
    const reloaded = await loadTfjsModel(join(work, 'tfjs'));
    row('tfjs', `TF.js ${backend.tfBackend}`, tfjsOutputs(reloaded.model, nhwc, count));
    reloaded.model.dispose();

    const [onnxFile] = await exportModel('onnx', model, join(work, 'onnx'), metadata);
    try {
      const { runOnnx } = await import('./onnx/run-onnx.js');
      row('onnx', 'onnxruntime-node', await runOnnx(onnxFile as string, nchw, count));
    } catch (error) {
      row('onnx', 'onnxruntime-node', `not run: ${(error as Error).message.split('\n')[0]}`);
    }

    await exportModel('pytorch', model, join(work, 'pytorch'), metadata);
    const torch = findTorchPython();
    row('pytorch', torch.ok ? `${torch.python} predict.py` : 'python3 + torch', torch.ok ? await runPredictPy(torch.python, join(work, 'pytorch'), nchw, count) : `not run: ${torch.reason}`);
  } finally {
    await rm(work, { recursive: true, force: true });
    model.dispose();
  }
  const header = ['format', 'reloaded in', 'max |Δ output|', 'same top-1', 'images'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`Model ${resolve(modelDir)} (${metadata.outputsProbabilities ? 'outputs probabilities' : 'outputs logits'}), first ${count} test images of ${resolve(dataDir)}, reference: the trained TF.js model\n`);
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
