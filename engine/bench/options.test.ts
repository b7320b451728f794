import { describe, expect, it } from 'vitest';
import { BENCH_DEFAULTS, BenchUsageError, parseBenchArgs, rowArgs } from './options.js';

describe('npm run bench arguments', () => {
  it('measures LeNet at batch 64 with Adam 0.001 by default, 5 repeats of 50 batches after 20 warm-up', () => {
    const o = parseBenchArgs([]);
    expect(o.targets).toEqual([{ template: 'lenet' }]);
    expect(o.all).toBe(false);
    expect(o.training).toEqual({ batchSize: 64, optimizer: 'adam', learningRate: 0.001, momentum: 0.9 });
    expect([o.repeats, o.batchesPerRepeat, o.warmupBatches]).toEqual([5, 50, 20]);
    expect(o.noReference).toBe(false);
    expect(o.referencePython).toBeUndefined();
  });

  it('takes a template, a project file or --all, and the training and length settings', () => {
    const o = parseBenchArgs(['--template', 'resnet-mini', '--batch', '32', '--optimizer', 'sgd', '--lr', '0.01', '--momentum', '0.5',
      '--repeats', '1', '--batches', '4', '--warmup', '0', '--data', '/d', '--reference-python', '/py', '--json']);
    expect(o.targets).toEqual([{ template: 'resnet-mini' }]);
    expect(o.training).toEqual({ batchSize: 32, optimizer: 'sgd', learningRate: 0.01, momentum: 0.5 });
    expect([o.repeats, o.batchesPerRepeat, o.warmupBatches]).toEqual([1, 4, 0]);
    expect([o.data, o.referencePython, o.json]).toEqual(['/d', '/py', true]);
    expect(parseBenchArgs(['--project', 'my net.layerloom.json']).targets).toEqual([{ project: 'my net.layerloom.json' }]);
    const all = parseBenchArgs(['--all']);
    expect([all.all, all.targets]).toEqual([true, []]);
    // Several rows: templates first, then project files, each in the order given.
    expect(parseBenchArgs(['--project', 'b.json', '--template', 'mlp', '--project', 'a.json', '--template', 'lenet']).targets)
      .toEqual([{ template: 'mlp' }, { template: 'lenet' }, { project: 'b.json' }, { project: 'a.json' }]);
    expect(parseBenchArgs(['--all', '--project', 'mine.json'])).toMatchObject({ all: true, targets: [{ project: 'mine.json' }] });
  });

  it.each([
    [['--template', 'lenet', '--all'], /--all already measures every template/],
    [['--template', '../secrets'], /template id/],
    [['--optimizer', 'rmsprop'], /adam or sgd/],
    [['--batch', '0'], /--batch must be a whole number ≥ 1/],
    [['--batch', '6.5'], /--batch must be a whole number/],
    [['--repeats', 'many'], /--repeats/],
    [['--lr', '0'], /--lr must be a number in \(0, 10\]/], [['--lr=-0.1'], /--lr must be a number/],
    [['--momentum', '1'], /--momentum must be in \[0, 1\)/],
    [['--backend', 'gpu-please'], /--backend must be one of/],
    [['--threads', '0'], /--threads must be a whole number ≥ 1/],
    [['--reference', 'python3 x.py', '--reference-python', '/py'], /Choose one of --reference/],
    [['--all', '--reference', 'python3 x.py'], /cannot stand for several networks/],
    [['--template', 'lenet', '--template', 'mlp', '--reference', 'python3 x.py'], /cannot stand for several networks/],
    [['--frobnicate'], /frobnicate/],
  ])('refuses %j with a message that names the problem', (args, message) => {
    expect(() => parseBenchArgs(args)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(args)).toThrow(message);
  });

  it('hands every setting on to the process that measures one row of --all', () => {
    const all = parseBenchArgs(['--all', '--batch', '16', '--optimizer', 'sgd', '--lr', '0.05', '--repeats', '2', '--batches', '7', '--warmup', '1',
      '--data', '/data dir', '--backend', 'wasm', '--threads', '1', '--reference-python', '/venv/bin/python']);
    const row = parseBenchArgs(rowArgs(all, { template: 'vgg-mini' }));
    expect(row.targets).toEqual([{ template: 'vgg-mini' }]);
    expect(row.all).toBe(false);
    expect(row.json).toBe(true);
    expect(all.threads).toBe(1);
    for (const key of ['training', 'repeats', 'batchesPerRepeat', 'warmupBatches', 'data', 'backend', 'threads', 'referencePython', 'noReference'] as const) {
      expect(row[key]).toEqual(all[key]);
    }
    expect(parseBenchArgs(rowArgs({ ...all, referencePython: undefined, noReference: true } as never, { template: 'mlp' })).noReference).toBe(true);
    expect(parseBenchArgs(rowArgs(all, { project: '/my nets/a.layerloom.json' })).targets).toEqual([{ project: '/my nets/a.layerloom.json' }]);
  });

  it('documents the defaults it uses', async () => {
    const { BENCH_USAGE } = await import('./options.js');
    expect(BENCH_USAGE).toContain(`batch size (default ${BENCH_DEFAULTS.batchSize})`);
    expect(BENCH_USAGE).toContain('--reference-python PATH');
    expect(BENCH_USAGE).toContain('--all');
  });
});
