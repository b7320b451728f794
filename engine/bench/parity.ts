// Step-for-step parity with PyTorch: the same initial weights and the same batches (images
// 0..N·batch in file order, no shuffling, no augmentation) through Layerloom's training step,
// with the weights exported to PyTorch for engine/bench/parity_pytorch.py to do the same.
// Equal first-N batch losses prove the two frameworks train alike far better than full runs.
//
//   npm run build:engine
//   node dist/engine/bench/parity.js templates/lenet.json --data DIR --out /tmp/parity [--steps 50] [--seed 0] [--reference]
//   … --epochs 2: whole epochs in the run's own shuffled order (order.u32 goes to PyTorch too), then test accuracy
//   python3 engine/bench/parity_pytorch.py /tmp/parity --data DIR
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../backend/index.js';
import { CIFAR10_CLASS_NAMES, byteTables, createBatchBuffers, createRng, fillBatch, loadCifar10, shuffledIndices } from '../data/index.js';
import { exportModel } from '../export/export-model.js';
import { describeNormalization } from '../data/index.js';
import { parseProject } from '../project/load.js';
import { REFERENCE_TRAINING } from '../project/schema.js';
import { TrainingSession, derivedSeed, resolveNormalization } from '../train/session.js';
import { evaluateModel } from '../train/evaluate.js';
import { createOptimizer } from '../train/optimizer.js';
import { trainStep } from '../train/step.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { data: { type: 'string' }, out: { type: 'string' }, steps: { type: 'string', default: '50' }, seed: { type: 'string', default: '0' }, reference: { type: 'boolean', default: false }, epochs: { type: 'string' } },
});
const [file] = positionals;
if (file === undefined || values.data === undefined || values.out === undefined) {
  console.error('usage: node dist/engine/bench/parity.js PROJECT.json --data DIR --out DIR [--steps N] [--seed N] [--reference]');
  process.exit(2);
}
const project = parseProject(await readFile(file, 'utf8'), file);
const training = { ...(values.reference ? REFERENCE_TRAINING : project.training), seed: Number(values.seed), augment: REFERENCE_TRAINING.augment, labelSmoothing: project.training.labelSmoothing };
await selectBackend();
const data = await loadCifar10(resolve(values.data));
const epochs = values.epochs === undefined ? 0 : Number(values.epochs);
const perEpoch = Math.floor(data.train.count / training.batchSize);
const steps = epochs > 0 ? epochs * perEpoch : Number(values.steps);
const session = new TrainingSession({ graph: project.graph, training, data });
const { model, outputsProbabilities } = session.compiled;
const normalization = resolveNormalization(project.graph, data.train);
const out = resolve(values.out);
await exportModel('pytorch', model, out, {
  graph: project.graph, classNames: [...CIFAR10_CLASS_NAMES], outputsProbabilities, testAcc: null, training, normalization,
  preprocessing: describeNormalization(normalization, 'NHWC'),
});
const optimizer = createOptimizer(training);
const tables = byteTables(normalization);
const buffers = createBatchBuffers(training.batchSize);
const order = new Uint32Array(steps * training.batchSize);
if (epochs > 0) {
  for (let e = 1; e <= epochs; e++) order.set(shuffledIndices(data.train.count, createRng(derivedSeed(Number(values.seed), 1, e))).subarray(0, perEpoch * training.batchSize), (e - 1) * perEpoch * training.batchSize);
  await writeFile(join(resolve(values.out), 'order.u32'), order);
} else {
  order.forEach((_, i) => { order[i] = i; });
}
const losses: number[] = [];
for (let s = 0; s < steps; s++) {
  const batch = fillBatch(data.train, order, s * training.batchSize, training.batchSize, buffers, { tables });
  losses.push(trainStep(model, optimizer, batch, outputsProbabilities, training.labelSmoothing)[0]);
}
const testAcc = epochs > 0 ? evaluateModel(model, data.test, { outputsProbabilities, tables }).acc : null;
await writeFile(join(out, 'parity.json'), JSON.stringify({ steps, epochs, testAcc, batchSize: training.batchSize, optimizer: training.optimizer, lr: training.learningRate, momentum: training.momentum, nesterov: training.nesterov, weightDecay: training.weightDecay, labelSmoothing: training.labelSmoothing, losses }));
console.log(JSON.stringify({ out, first: losses.slice(0, 5), last: losses.at(-1), testAcc }));
