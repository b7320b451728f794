import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/index.js';
import { compileGraph } from '../compile/compile.js';
import { writeCifarFixture } from '../data/fixtures.js';
import type { Graph, NodeKind, Params } from '../graph/types.js';
import { loadTemplates } from '../project/templates.js';
import { PytorchTwin } from './pytorch-twin.js';
import { defaultReferencePython } from './reference-python.js';
import { twinFiles } from './twin-script.js';

// The twin must be the same network as the one Layerloom trains: the same layers, the same
// trainable parameters, the same data, trained with the same settings.
const python = defaultReferencePython();
if (!python.ok) console.warn(`PyTorch twin tests skipped: ${python.reason}`);

type Spec = [id: string, kind: NodeKind, params?: Params, inputs?: string[]];
function graphOf(rows: Spec[]): Graph {
  const edges: Graph['edges'] = [];
  rows.forEach(([id, , , inputs], i) => {
    for (const source of inputs ?? (i > 0 ? [rows[i - 1]?.[0] as string] : [])) edges.push({ id: `${source}->${id}`, source, target: id });
  });
  return { nodes: rows.map(([id, kind, params = {}], i) => ({ id, kind, params, position: { x: 0, y: i * 80 } })), edges };
}
const conv = (filters: number, kernelSize: number, strides = 1, padding = 'same'): Params => ({ filters, kernelSize, strides, padding, useBias: true });

/** Every layer kind the palette has, with a strided 'same' conv, branches, Add, Concat and a Softmax ending. */
const EVERY_KIND = graphOf([
  ['input', 'input'],
  ['stem', 'conv2d', conv(8, 3, 2)],
  ['stem_bn', 'batchnorm', { momentum: 0.9, epsilon: 0.001 }],
  ['stem_act', 'leakyrelu', { alpha: 0.2 }],
  ['pool', 'maxpool2d', { poolSize: 3, strides: 2, padding: 'same' }],
  ['left', 'conv2d', conv(3, 1), ['pool']], ['left_act', 'sigmoid'],
  ['right', 'conv2d', conv(5, 3), ['pool']], ['right_act', 'tanh'],
  ['joined', 'concat', {}, ['right_act', 'left_act']],
  ['skip', 'conv2d', { ...conv(8, 1), useBias: false }, ['pool']],
  ['sum', 'add', {}, ['joined', 'pool', 'skip']],
  ['relu', 'relu'],
  ['avg', 'avgpool2d', { poolSize: 3, strides: 2, padding: 'same' }],
  ['flatten', 'flatten'],
  ['fc1', 'dense', { units: 24, useBias: false }],
  ['fc1_bn', 'batchnorm', { momentum: 0.99, epsilon: 0.01 }],
  ['drop', 'dropout', { rate: 0.5 }],
  ['fc2', 'dense', { units: 10, useBias: true }],
  ['softmax', 'softmax'],
  ['output', 'output'],
]);

function layerloomTrainableParams(graph: Graph): number {
  const { model } = compileGraph(graph, { seed: 1 });
  const count = model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((n, d) => n * (d ?? 1), 1), 0);
  model.dispose();
  return count;
}

let root: string;
let data: string;
beforeAll(async () => {
  await selectBackend();
  root = await mkdtemp(join(tmpdir(), 'layerloom-twin-test-'));
  data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 8, test: 4 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the PyTorch twin of a graph', () => {
  it('is the export’s model.py plus a driver that trains with train.py’s data reading, loss and optimizers', () => {
    const files = twinFiles(EVERY_KIND);
    expect([...files.keys()]).toEqual(['model.py', 'twin_bench.py']);
    expect(files.get('model.py')).toContain('class Net(nn.Module):');
    const driver = files.get('twin_bench.py') as string;
    expect(driver).toContain('OUTPUTS_PROBABILITIES = True');
    for (const fn of ['def read_cifar(', 'def loss_fn(', 'def make_optimizer(']) expect(driver).toContain(fn);
    expect(driver).toContain('torch.set_num_threads(args.threads)');
  });

  it.skipIf(!python.ok)('builds and trains two batches of fixture data, with as many trainable parameters as Layerloom’s model', async () => {
    const twin = await PytorchTwin.start((python as { python: string }).python, EVERY_KIND, {
      dataDir: data, training: { batchSize: 8, optimizer: 'adam', learningRate: 0.001, momentum: 0.9 }, threads: 1, warmupBatches: 1, batchesPerRepeat: 2,
    });
    try {
      expect(twin.ready.trainableParams).toBe(layerloomTrainableParams(EVERY_KIND));
      expect(twin.ready.threads).toBe(1);
      expect(twin.ready.trainImages).toBe(40);
      expect(twin.ready.torch).toMatch(/^\d+\.\d+/);
      const first = await twin.repeat();
      expect(first.imagesPerSec).toBeGreaterThan(0);
      expect(first.seconds).toBeGreaterThan(0);
      expect(first.loss).toBeGreaterThan(0);
      // A second repeat on the same process: the benchmark alternates several.
      expect((await twin.repeat()).imagesPerSec).toBeGreaterThan(0);
    } finally {
      await twin.close();
    }
  });

  it.skipIf(!python.ok)('trains with SGD and momentum, and reports Python’s own error when the data cannot be read', async () => {
    const twin = await PytorchTwin.start((python as { python: string }).python, EVERY_KIND, {
      dataDir: data, training: { batchSize: 4, optimizer: 'sgd', learningRate: 0.01, momentum: 0.9 }, threads: 1, warmupBatches: 2, batchesPerRepeat: 1,
    });
    try {
      expect((await twin.repeat()).loss).toBeGreaterThan(0);
    } finally {
      await twin.close();
    }
    await expect(PytorchTwin.start((python as { python: string }).python, EVERY_KIND, {
      dataDir: join(root, 'nowhere'), training: { batchSize: 4, optimizer: 'adam', learningRate: 0.001, momentum: 0.9 }, threads: 1, warmupBatches: 1, batchesPerRepeat: 1,
    })).rejects.toThrow(/PyTorch twin exited \(code 1\).*(No such file|FileNotFoundError)/);
    await expect(PytorchTwin.start((python as { python: string }).python, EVERY_KIND, {
      dataDir: data, training: { batchSize: 64, optimizer: 'adam', learningRate: 0.001, momentum: 0.9 }, threads: 1, warmupBatches: 1, batchesPerRepeat: 1,
    })).rejects.toThrow(/40 training images are fewer than one batch of 64/);
  });

  it.skipIf(!python.ok)('has the same trainable parameter count as Layerloom for every template', async () => {
    const dir = join(root, 'templates');
    const templates = loadTemplates();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    for (const t of templates) await writeFile(join(dir, `net_${t.id.replace(/-/g, '_')}.py`), twinFiles(t.project.graph).get('model.py') as string);
    const count = 'import importlib, json, sys; sys.path.insert(0, sys.argv[1]); print(json.dumps({m: sum(p.numel() for p in importlib.import_module(m).Net().parameters() if p.requires_grad) for m in sys.argv[2:]}))';
    const modules = templates.map((t) => `net_${t.id.replace(/-/g, '_')}`);
    const { stdout } = await promisify(execFile)((python as { python: string }).python, ['-c', count, dir, ...modules], { timeout: 120_000 });
    const counts = JSON.parse(stdout) as Record<string, number>;
    expect(templates.length).toBeGreaterThanOrEqual(4);
    for (const [i, t] of templates.entries()) expect({ [t.id]: counts[modules[i] as string] }).toEqual({ [t.id]: layerloomTrainableParams(t.project.graph) });
  });

  it.skipIf(process.platform === 'win32')('refuses a twin that prints what the benchmark cannot read, and ends it', async () => {
    const fake = join(root, 'fake-python');
    // Answers with a ready line that lacks every field, then would wait a long time.
    await writeFile(fake, '#!/bin/sh\necho \'{"type": "ready"}\'\nexec sleep 600\n');
    const { chmod } = await import('node:fs/promises');
    await chmod(fake, 0o755);
    const started = Date.now();
    await expect(PytorchTwin.start(fake, EVERY_KIND, {
      dataDir: data, training: { batchSize: 8, optimizer: 'adam', learningRate: 0.001, momentum: 0.9 }, threads: 1, warmupBatches: 1, batchesPerRepeat: 1,
    })).rejects.toThrow(/printed a line the benchmark cannot read.*\{"type": "ready"\}/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it.skipIf(!python.ok)('leaves no temporary folder behind', async () => {
    const twin = await PytorchTwin.start((python as { python: string }).python, EVERY_KIND, {
      dataDir: data, training: { batchSize: 8, optimizer: 'adam', learningRate: 0.001, momentum: 0.9 }, threads: 1, warmupBatches: 1, batchesPerRepeat: 1,
    });
    const dir = (twin as unknown as { dir: string }).dir;
    expect(existsSync(join(dir, 'model.py'))).toBe(true);
    await twin.close();
    expect(existsSync(dir)).toBe(false);
    await twin.close(); // twice is harmless
  });
});
