// Choosing by speed, with a fake package loader (a stand-in 'tensorflow' backend) and fake trials.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../tf.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NativeLoader } from './native.js';
import { selectBackendWith } from './select.js';
import type { BackendContest, IsolatedControl, SpeedCache, SpeedChoice } from './speed.js';
import { describeSpeedChoice, IsolationUnavailableError } from './speed.js';
import { fileSpeedCache } from './speed-cache.js';

const TFJS = '/app/node_modules/@tensorflow/tfjs/dist/tf.node.js';

/** Loads only the packages named (as if the others were not installed); each registers a stand-in backend. */
function loaderWith(installed: string[]): NativeLoader {
  return {
    resolve: (pkg) => {
      if (!installed.includes(pkg)) throw Object.assign(new Error(`Cannot find module '${pkg}'`), { code: 'MODULE_NOT_FOUND' });
      return `/app/node_modules/${pkg}/dist/index.js`;
    },
    load: () => {
      if (tf.findBackendFactory('tensorflow') !== null) return;
      tf.registerBackend('tensorflow', () => {
        const cpu = tf.findBackend('cpu');
        if (cpu === null) throw new Error('cpu backend missing');
        return new (cpu.constructor as new () => tf.KernelBackend)();
      });
    },
    tfjsSeenBy: () => TFJS,
    ourTfjs: () => TFJS,
  };
}

/** A trial that reports the given speed for whichever backend is current, and counts its calls. */
function trialBy(speeds: Record<string, number | number[] | Error>) {
  const calls: string[] = [];
  const trial = async () => {
    const backend = tf.getBackend();
    calls.push(backend);
    const given = speeds[backend];
    // A list gives one figure per round.
    const speed = Array.isArray(given) ? given[calls.filter((c) => c === backend).length - 1] : given;
    if (speed instanceof Error) throw speed;
    if (speed === undefined) throw new Error(`no speed for ${backend}`);
    return speed;
  };
  return { trial, calls };
}

function memoryCache(): SpeedCache & { entries: Map<string, SpeedChoice> } {
  const entries = new Map<string, SpeedChoice>();
  return { entries, get: (k) => entries.get(k), set: (k, c) => void entries.set(k, c) };
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  await tf.setBackend('cpu');
});

describe('selecting the backend by speed', () => {
  it('times each backend that loads, takes the fastest and says the figures, fastest first', async () => {
    const { trial, calls } = trialBy({ tensorflow: 185, wasm: 82 });
    const cache = memoryCache();
    const report = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { speed: { trial, key: 'g', cache } });
    // Quick trials: three rounds, alternating the order, so neither always goes first.
    expect(calls).toEqual(['tensorflow', 'wasm', 'wasm', 'tensorflow', 'tensorflow', 'wasm']);
    expect(report.name).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(report.speed).toMatchObject({ how: 'measured', chosen: 'tensorflow', measured: [{ name: 'tensorflow', imagesPerSec: 185 }, { name: 'wasm', imagesPerSec: 82 }] });
    expect(describeSpeedChoice(report.speed!)).toMatch(/^tensorflow 185 img\/s, wasm( \+ native)? 82 img\/s → tensorflow$/);
    expect(report.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu']);
    expect([...cache.entries.keys()]).toEqual(['g|tensorflow,wasm']);
  });

  it('keeps each backend’s best round: one slow moment on a busy machine does not decide', async () => {
    const { trial } = trialBy({ tensorflow: [600, 610, 590], wasm: [250, 1400, 1380] });
    const report = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { speed: { trial, key: 'g' } });
    expect(report.speed?.measured.map((m) => [m.name, m.imagesPerSec])).toEqual([['wasm', 1400], ['tensorflow', 610]]);
    expect(report.name).toBe('wasm');
  });

  it('ends on WASM when it is faster for this model, even though libtensorflow loads', async () => {
    const { trial } = trialBy({ tensorflow: 1388, wasm: 1900 });
    const report = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { speed: { trial, key: 'lenet' } });
    expect(report).toMatchObject({ name: 'wasm', tfBackend: 'wasm', speed: { chosen: 'wasm' } });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('reuses the remembered choice for the same graph and set of backends without timing', async () => {
    const cache = memoryCache();
    await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { speed: { ...trialBy({ tensorflow: 100, wasm: 300 }), key: 'g', cache } });
    const again = trialBy({ tensorflow: 100, wasm: 300 });
    const report = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { speed: { trial: again.trial, key: 'g', cache } });
    expect(again.calls).toEqual([]);
    expect(report.speed).toMatchObject({ how: 'cached', chosen: 'wasm' });
    expect(report.name).toBe('wasm');
  });

  it('a GPU build that loads wins unless measured slower, and then says so', async () => {
    const gpu = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']), { speed: { ...trialBy({ tensorflow: 5000, wasm: 300 }), key: 'g' } });
    expect(gpu).toMatchObject({ name: 'tensorflow-gpu', speed: { chosen: 'tensorflow-gpu' } });
    // One libtensorflow per process: the CPU build is not tried beside the GPU one.
    expect(gpu.speed?.measured.map((m) => m.name)).toEqual(['tensorflow-gpu', 'wasm']);
    const slower = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node-gpu']), { speed: { ...trialBy({ tensorflow: 200, wasm: 300 }), key: 'g' } });
    expect(slower.name).toBe('wasm');
    expect(describeSpeedChoice(slower.speed!)).toMatch(/^wasm( \+ native)? 300 img\/s, tensorflow-gpu 200 img\/s → wasm/);
  });

  it('skips a backend whose trial step fails, with the reason, and trains on the other', async () => {
    const { trial } = trialBy({ tensorflow: new Error('Invalid TF_Status: 3\nMessage: no kernel'), wasm: 80 });
    const report = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { speed: { trial, key: 'g' } });
    expect(report.name).toBe('wasm');
    expect(report.skipped).toContainEqual({ name: 'tensorflow', reason: 'failed a trial step of this model: Invalid TF_Status: 3' });
  });

  it('does not time anything when only one backend loads', async () => {
    const { trial, calls } = trialBy({ wasm: 80 });
    const report = await selectBackendWith(loaderWith([]), { speed: { trial, key: 'g' } });
    expect(calls).toEqual([]);
    expect(report.speed).toEqual({ measured: [], chosen: 'wasm', how: 'only' });
  });

  it('a pinned backend is not timed', async () => {
    const { trial, calls } = trialBy({ tensorflow: 1, wasm: 1000 });
    const report = await selectBackendWith(loaderWith(['@tensorflow/tfjs-node']), { prefer: 'tensorflow', speed: { trial, key: 'g' } });
    expect(calls).toEqual([]);
    expect(report).toMatchObject({ name: 'tensorflow', speed: null });
  });
});

describe('timing libtensorflow in another process (speed.isolated)', () => {
  /** A loader that counts loads, and an isolated trial that answers from `speeds` and counts its calls. */
  function counting(installed: string[], speeds: Record<string, number | Error>) {
    const base = loaderWith(installed);
    const loads: string[] = [];
    const isolatedCalls: string[] = [];
    const loader: NativeLoader = { ...base, load: (pkg) => { loads.push(pkg); base.load(pkg); } };
    const isolated = async (name: string) => {
      isolatedCalls.push(name);
      const speed = speeds[name];
      if (speed instanceof Error) throw speed;
      if (speed === undefined) throw new Error(`no speed for ${name}`);
      return speed;
    };
    return { loader, loads, isolatedCalls, isolated };
  }

  it('never loads a libtensorflow that loses, and loads it here when it wins', async () => {
    const losing = counting(['@tensorflow/tfjs-node'], { tensorflow: 400 });
    const { trial, calls } = trialBy({ wasm: 2000 });
    const report = await selectBackendWith(losing.loader, { speed: { trial, key: 'g', isolated: losing.isolated } });
    expect(report.name).toBe('wasm');
    expect(losing.isolatedCalls).toEqual(['tensorflow']);
    expect(calls).toEqual(['wasm', 'wasm', 'wasm']);
    expect(losing.loads).toEqual([]);
    expect(describeSpeedChoice(report.speed!)).toMatch(/^wasm( \+ native)? 2000 img\/s, tensorflow 400 img\/s → wasm/);

    const winning = counting(['@tensorflow/tfjs-node'], { tensorflow: 5000 });
    const again = await selectBackendWith(winning.loader, { speed: { trial: trialBy({ wasm: 2000 }).trial, key: 'g', isolated: winning.isolated } });
    expect(again).toMatchObject({ name: 'tensorflow', tfBackend: 'tensorflow' });
    expect(winning.loads).toEqual(['@tensorflow/tfjs-node']);
  });

  it('a remembered choice of WASM loads no libtensorflow and times nothing', async () => {
    const cache = memoryCache();
    const first = counting(['@tensorflow/tfjs-node'], { tensorflow: 100 });
    await selectBackendWith(first.loader, { speed: { trial: trialBy({ wasm: 900 }).trial, key: 'g', cache, isolated: first.isolated } });
    const second = counting(['@tensorflow/tfjs-node'], { tensorflow: 100 });
    const { trial, calls } = trialBy({ wasm: 900 });
    const report = await selectBackendWith(second.loader, { speed: { trial, key: 'g', cache, isolated: second.isolated } });
    expect(report.speed).toMatchObject({ how: 'cached', chosen: 'wasm' });
    expect([calls, second.isolatedCalls, second.loads]).toEqual([[], [], []]);
  });

  it('a libtensorflow that cannot run in its process is skipped with the reason', async () => {
    const broken = counting(['@tensorflow/tfjs-node'], { tensorflow: new Error('native addon failed to load: libtensorflow.so.2: cannot open shared object file') });
    const report = await selectBackendWith(broken.loader, { speed: { trial: trialBy({ wasm: 700 }).trial, key: 'g', isolated: broken.isolated } });
    expect(report.name).toBe('wasm');
    expect(report.skipped).toContainEqual({ name: 'tensorflow', reason: 'native addon failed to load: libtensorflow.so.2: cannot open shared object file' });
    expect(broken.loads).toEqual([]);
  });

  it('where no second process can start, libtensorflow is timed here instead', async () => {
    const base = loaderWith(['@tensorflow/tfjs-node']);
    const isolated = async () => { throw new IsolationUnavailableError('could not start a process to time it: spawn EPERM'); };
    const { trial, calls } = trialBy({ tensorflow: 900, wasm: 300 });
    const report = await selectBackendWith(base, { speed: { trial, key: 'g', isolated } });
    expect(report).toMatchObject({ name: 'tensorflow', speed: { chosen: 'tensorflow' } });
    expect(calls).toContain('tensorflow');
  });

  it('an uninstalled package is not timed at all', async () => {
    const none = counting([], {});
    const report = await selectBackendWith(none.loader, { speed: { trial: trialBy({ wasm: 700 }).trial, key: 'g', isolated: none.isolated } });
    expect(report.speed).toMatchObject({ how: 'only', chosen: 'wasm' });
    expect(none.isolatedCalls).toEqual([]);
  });
});

describe('train first, choose after (speed.deferred)', () => {
  /** An isolated trial that loads when told, times only after `go`, and records what it saw. */
  function rivals(speeds: Record<string, number | Error>) {
    const log: string[] = [];
    const loaded: Record<string, () => void> = {};
    const isolated = async (name: string, control: IsolatedControl) => {
      log.push(`start ${name}`);
      loaded[name] = control.loaded;
      control.signal.addEventListener('abort', () => log.push(`cancel ${name}`));
      await control.go;
      log.push(`time ${name}`);
      const speed = speeds[name];
      if (speed instanceof Error) throw speed;
      return speed as number;
    };
    return { log, loaded, isolated };
  }

  function deferredSelection(installed: string[], speeds: Record<string, number | Error>, cache?: SpeedCache) {
    const base = loaderWith(installed);
    const loads: string[] = [];
    const loader: NativeLoader = { ...base, load: (pkg) => { loads.push(pkg); base.load(pkg); } };
    const { log, loaded, isolated } = rivals(speeds);
    const { trial, calls } = trialBy({ wasm: 1 });
    let contest: BackendContest | undefined;
    const selecting = selectBackendWith(loader, { speed: { trial, key: 'g', isolated, ...(cache && { cache }), deferred: (c) => { contest = c; } } });
    return { selecting, loads, log, loaded, calls, contest: () => contest as BackendContest };
  }

  it('starts on WASM with no trial at all, and stays there when the rival is slower', async () => {
    const cache = memoryCache();
    const run = deferredSelection(['@tensorflow/tfjs-node'], { tensorflow: 400 }, cache);
    const report = await run.selecting;
    expect(report).toMatchObject({ name: 'wasm', speed: { how: 'provisional', chosen: 'wasm', measured: [] } });
    expect(run.calls).toEqual([]);
    const contest = run.contest();
    // Nothing loads before the run's first batch.
    expect(run.log).toEqual([]);
    contest.begin();
    contest.begin();
    expect(run.log).toEqual(['start tensorflow']);
    expect(contest).toMatchObject({ current: 'wasm', rivals: ['tensorflow'], ready: false });
    run.loaded['tensorflow']?.();
    expect(contest.ready).toBe(true);

    const settled = await contest.settle(2000);
    expect(run.log).toEqual(['start tensorflow', 'time tensorflow']);
    expect(settled).toMatchObject({ name: 'wasm', speed: { how: 'measured', chosen: 'wasm' } });
    expect(describeSpeedChoice(settled.speed!)).toMatch(/^wasm( \+ native)? 2000 img\/s, tensorflow 400 img\/s → wasm/);
    expect(tf.getBackend()).toBe('wasm');
    expect(run.loads).toEqual([]);
    expect([...cache.entries.values()]).toMatchObject([{ chosen: 'wasm', how: 'measured' }]);
    await expect(contest.settle(1)).rejects.toThrow(/already settled/);
  });

  it('moves this process to a rival that wins, and remembers it for the next run', async () => {
    const cache = memoryCache();
    const run = deferredSelection(['@tensorflow/tfjs-node'], { tensorflow: 5000 }, cache);
    await run.selecting;
    const settled = await run.contest().settle(2000);
    expect(settled).toMatchObject({ name: 'tensorflow', tfBackend: 'tensorflow', speed: { chosen: 'tensorflow' } });
    expect(tf.getBackend()).toBe('tensorflow');
    expect(run.loads).toEqual(['@tensorflow/tfjs-node']);

    const next = deferredSelection(['@tensorflow/tfjs-node'], { tensorflow: 5000 }, cache);
    expect(await next.selecting).toMatchObject({ name: 'tensorflow', speed: { how: 'cached' } });
    expect(next.log).toEqual([]);
  });

  it('a rival that fails is skipped with its reason; the run stays where it is', async () => {
    const run = deferredSelection(['@tensorflow/tfjs-node'], { tensorflow: new Error('no GPU visible') });
    await run.selecting;
    const settled = await run.contest().settle(700);
    expect(settled.name).toBe('wasm');
    expect(settled.skipped).toContainEqual({ name: 'tensorflow', reason: 'no GPU visible' });
  });

  it('a run that ends before settling ends the rivals\' processes and remembers nothing', async () => {
    const cache = memoryCache();
    const run = deferredSelection(['@tensorflow/tfjs-node'], { tensorflow: 5000 }, cache);
    await run.selecting;
    run.contest().begin();
    run.contest().cancel();
    expect(run.log).toEqual(['start tensorflow', 'cancel tensorflow']);
    expect(cache.entries.size).toBe(0);
  });

  it('with nothing to contest (no libtensorflow installed) nothing is deferred', async () => {
    const run = deferredSelection([], {});
    expect(await run.selecting).toMatchObject({ name: 'wasm', speed: { how: 'only' } });
    expect(run.contest()).toBeUndefined();
  });
});

describe('the speed cache file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'layerloom-speed-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps choices across instances and treats a damaged file as empty', async () => {
    const file = join(dir, 'sub', 'backend-speed.json');
    const choice: SpeedChoice = { measured: [{ name: 'wasm', label: 'wasm + native', imagesPerSec: 9 }], chosen: 'wasm', how: 'measured' };
    expect(fileSpeedCache(file).get('k')).toBeUndefined();
    fileSpeedCache(file).set('k', choice);
    expect(fileSpeedCache(file).get('k')).toEqual(choice);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
    await writeFile(file, '{"version":1,"choices":{"k":{"chosen":"quantum"}}}');
    expect(fileSpeedCache(file).get('k')).toBeUndefined();
    await writeFile(file, 'not json');
    expect(fileSpeedCache(file).get('k')).toBeUndefined();
    fileSpeedCache(file).set('k2', choice);
    expect(fileSpeedCache(file).get('k2')).toEqual(choice);
  });
});
