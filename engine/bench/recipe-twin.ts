// Writes the PyTorch twin of a project's recipe: the PyTorch export (model.py from the same
// generator as every export, weights.npz = the run's initial weights, predict.py, and train.py
// with the same optimizer, schedule, augmentation, normalization, label smoothing and epochs).
//
//   npm run build:engine
//   node dist/engine/bench/recipe-twin.js templates/resnet-cifar.json --out /tmp/twin [--seed N]
//   python3 /tmp/twin/train.py --data cifar-10-batches-bin --json [--limit N] [--epochs N]
//
// Both frameworks then start from identical weights; `layerloom train FILE --seed N` draws them.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import { CIFAR10_CLASS_NAMES, CIFAR10_NORMALIZATION, describeNormalization, SYMMETRIC_NORMALIZATION } from '../data/index.js';
import { exportModel } from '../export/export-model.js';
import { parseProject } from '../project/load.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, seed: { type: 'string' } } });
const [file] = positionals;
if (file === undefined || values.out === undefined) {
  console.error('usage: node dist/engine/bench/recipe-twin.js PROJECT.json --out DIR [--seed N]');
  process.exit(2);
}
const project = parseProject(await readFile(file, 'utf8'), file);
const seed = values.seed === undefined ? project.training.seed : Number(values.seed);
await selectBackend();
const { model, outputsProbabilities } = compileGraph(project.graph, { seed, ...(project.training.initializer && { initializer: project.training.initializer }) });
const mode = project.graph.nodes.find((n) => n.kind === 'input')?.params['normalize'];
if (mode === 'dataset') console.error('note: the Input normalizes by the training set\'s own statistics; the twin uses CIFAR-10\'s published ones (the same to 3 decimals on the full set).');
const normalization = mode === 'cifar10' || mode === 'dataset' ? CIFAR10_NORMALIZATION : SYMMETRIC_NORMALIZATION;
const paths = await exportModel('pytorch', model, resolve(values.out), {
  graph: project.graph, classNames: [...CIFAR10_CLASS_NAMES], outputsProbabilities, testAcc: null, training: project.training,
  normalization, preprocessing: describeNormalization(normalization, 'NHWC'),
});
console.log(JSON.stringify({ written: paths, seed, train: `python3 ${resolve(values.out, 'train.py')} --data DIR --json` }));
