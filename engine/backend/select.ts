// Picks the TF.js backend: for a run, the fastest for its model among those that start here
// (speed.ts); without a model, the first that starts in the order libtensorflow GPU →
// libtensorflow CPU → WASM (XNNPACK, SIMD) → pure JS. Either way it says why others did not load.
import { availableParallelism } from 'node:os';
import * as tf from '../tf.js';
import { registerCpuKernelPatches } from './cpu-kernels.js';
import { firstLine } from './first-line.js';
import { nativePackageUsable, nodeNativeLoader, startNativeBackend, type NativeBackendName, type NativeLoader } from './native.js';
import { IsolationUnavailableError, rankBySpeed, speedLabel, type BackendContest, type BackendSpeed, type IsolatedControl, type SpeedChoice, type SpeedTrialOptions } from './speed.js';
import { BACKEND_ORDER, type BackendName, type BackendReport, type SelectBackendOptions, type SkippedBackend } from './types.js';
import { startWasmBackend } from './wasm-init.js';

interface Started {
  threads: number;
  simd: boolean | null;
  nativeKernels: boolean;
  notes: string[];
}

interface Failed {
  reason: string;
}

async function start(name: BackendName, opts: SelectBackendOptions, loader: NativeLoader): Promise<Started | Failed> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const attempt = await startNativeBackend(name, loader);
      // libtensorflow sizes its own intra-op pool to the machine; there is no knob here.
      return attempt.ok ? { threads: availableParallelism(), simd: null, nativeKernels: false, notes: [] } : { reason: attempt.reason };
    }
    case 'wasm':
      try {
        return await startWasmBackend(opts.threads);
      } catch (err) {
        return { reason: firstLine(err) };
      }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) return { reason: 'pure-JS CPU backend failed to initialise' };
      return { threads: 1, simd: null, nativeKernels: false, notes: [] };
  }
}

/**
 * The uncached selection, with the package loader injectable (tests reach the native
 * failure paths with a fake). Use `selectBackend` everywhere else.
 */
export async function selectBackendWith(loader: NativeLoader, opts: SelectBackendOptions = {}): Promise<BackendReport> {
  // Cheap and backend-local: patch the pure-JS kernels whichever backend wins, so a later
  // switch to 'cpu' does not meet the ~20×-slow stock dW kernel.
  registerCpuKernelPatches();
  if (opts.prefer === undefined && opts.speed !== undefined) return selectFastest(loader, opts, opts.speed);
  const candidates = opts.prefer !== undefined ? [opts.prefer] : BACKEND_ORDER;
  const skipped: SkippedBackend[] = [];
  for (const name of candidates) {
    const result = await start(name, opts, loader);
    if ('reason' in result) {
      if (opts.prefer !== undefined) throw new Error(`Backend '${name}' was requested but cannot be used: ${result.reason}`);
      skipped.push({ name, reason: result.reason });
      continue;
    }
    return reportFor(name, result, skipped, null);
  }
  // Unreachable while the pure-JS backend ships with @tensorflow/tfjs; kept as a clear message.
  throw new Error(`No TF.js backend could be started: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

function reportFor(name: BackendName, started: Started, skipped: SkippedBackend[], speed: SpeedChoice | null): BackendReport {
  return { name, tfBackend: tf.getBackend(), threads: started.threads, simd: started.simd, nativeKernels: started.nativeKernels, skipped, notes: started.notes, speed };
}

/** Another round starts only while the rounds so far took less than this (small nets get 3). */
const MORE_ROUNDS_SECONDS = 1.2;
const MAX_ROUNDS = 3;

/**
 * Times each backend, in rounds that alternate the order, keeping each backend's best round:
 * on a busy machine one slow moment (another process, a GC) should not decide. Big nets, whose
 * steps are slow enough to time reliably, get one round. A failing trial drops that backend.
 */
async function timeBackends(names: BackendName[], opts: SelectBackendOptions, loader: NativeLoader, speed: SpeedTrialOptions, skipped: SkippedBackend[]): Promise<BackendSpeed[]> {
  const best = new Map<BackendName, BackendSpeed>();
  const failed = new Set<BackendName>();
  const inProcess = new Set<BackendName>();
  const started = performance.now();
  for (let round = 0; round < MAX_ROUNDS && (round === 0 || (performance.now() - started) / 1000 < MORE_ROUNDS_SECONDS); round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      if (failed.has(name)) continue;
      if (isolatedHere(name, speed) && !inProcess.has(name)) {
        // One timing per run: each costs a process start and a libtensorflow load.
        if (round > 0) continue;
        try {
          const control: IsolatedControl = { go: Promise.resolve(), loaded: noop, signal: new AbortController().signal };
          best.set(name, { name, label: speedLabel(name, false), imagesPerSec: await (speed.isolated as NonNullable<SpeedTrialOptions['isolated']>)(name as NativeBackendName, control) });
          continue;
        } catch (err) {
          if (!(err instanceof IsolationUnavailableError)) {
            failed.add(name);
            skipped.push({ name, reason: firstLine(err) });
            continue;
          }
          // No second process here (a sandbox, say): timed in this one, as without isolation.
          inProcess.add(name);
        }
      }
      const backend = await start(name, opts, loader);
      if ('reason' in backend) {
        failed.add(name);
        skipped.push({ name, reason: backend.reason });
        continue;
      }
      try {
        const imagesPerSec = await speed.trial();
        if (imagesPerSec > (best.get(name)?.imagesPerSec ?? -1)) best.set(name, { name, label: speedLabel(name, backend.nativeKernels), imagesPerSec });
      } catch (err) {
        failed.add(name);
        best.delete(name);
        skipped.push({ name, reason: `failed a trial step of this model: ${firstLine(err)}` });
      }
    }
  }
  return names.flatMap((n) => best.get(n) ?? []);
}

/**
 * Starts every backend that loads here (pure JS only when nothing else does), times the run's
 * model on each (or takes the remembered choice for this graph, batch and set of backends) and
 * ends on the fastest. With `speed.isolated`, libtensorflow is timed in another process and
 * loaded here only if it wins (or was remembered as the winner). A backend whose trial fails is
 * skipped with the reason, like one that does not load. Timing a GPU build the same way means it
 * wins unless it is measured slower.
 */
async function selectFastest(loader: NativeLoader, opts: SelectBackendOptions, speed: SpeedTrialOptions): Promise<BackendReport> {
  const skipped: SkippedBackend[] = [];
  // Started here, or (libtensorflow, timed in another process) only found installed.
  const loaded = new Set<BackendName>();
  for (const name of BACKEND_ORDER) {
    if (name === 'cpu' && loaded.size > 0) break;
    // Both builds register TF.js's one 'tensorflow' backend: a process holds one libtensorflow.
    // (Timed in other processes, each is timed on its own: the GPU build may find no GPU.)
    if (name === 'tensorflow' && loaded.has('tensorflow-gpu') && !isolatedHere(name, speed)) continue;
    const result = isolatedHere(name, speed) ? nativePackageUsable(name as NativeBackendName, loader) : await start(name, opts, loader);
    if ('reason' in result) skipped.push({ name, reason: result.reason });
    else loaded.add(name);
  }
  const names = [...loaded];
  if (names.length === 0) throw new Error(`No TF.js backend could be started: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
  const key = `${speed.key}|${names.join(',')}`;
  let choice: SpeedChoice;
  const cached = names.length > 1 ? speed.cache?.get(key) : undefined;
  if (names.length === 1) {
    choice = { measured: [], chosen: names[0] as BackendName, how: 'only' };
  } else if (cached !== undefined && names.includes(cached.chosen)) {
    choice = { ...cached, how: 'cached' };
  } else if (speed.deferred !== undefined && names.filter((n) => !isolatedHere(n, speed)).length === 1) {
    // The one backend that runs here starts now; the others load in their processes meanwhile.
    const here = names.find((n) => !isolatedHere(n, speed)) as BackendName;
    const final = await start(here, opts, loader);
    if ('reason' in final) throw new Error(`Backend '${here}' stopped working after it was chosen: ${final.reason}`);
    const report = reportFor(here, final, skipped, { measured: [], chosen: here, how: 'provisional' });
    speed.deferred(startContest(report, names.filter((n) => n !== here), opts, loader, speed, key));
    return report;
  } else {
    const measured = await timeBackends(names, opts, loader, speed, skipped);
    const ranked = rankBySpeed(measured);
    const fastest = ranked[0];
    if (fastest === undefined) throw new Error(`No backend could train this model: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
    choice = { measured: ranked, chosen: fastest.name, how: 'measured' };
    speed.cache?.set(key, choice);
  }
  const final = await start(choice.chosen, opts, loader);
  if ('reason' in final) throw new Error(`Backend '${choice.chosen}' stopped working after it was chosen: ${final.reason}`);
  return reportFor(choice.chosen, final, skipped, choice);
}

/**
 * The deferred half of selectFastest: each rival's process starts loading now and times when
 * `settle` says go, one after another; the fastest of them and the run's own figure wins.
 */
function startContest(
  provisional: BackendReport, rivals: BackendName[], opts: SelectBackendOptions, loader: NativeLoader, speed: SpeedTrialOptions, key: string,
): BackendContest {
  const isolated = speed.isolated as NonNullable<SpeedTrialOptions['isolated']>;
  const abort = new AbortController();
  let pending = rivals.length;
  let entries: { name: BackendName; go: () => void; figure: Promise<number> }[] | null = null;
  const begin = () => {
    entries ??= rivals.map((name) => {
      let go: () => void = noop;
      let done = false;
      const finished = () => {
        if (!done) pending--;
        done = true;
      };
      const control: IsolatedControl = { go: new Promise<void>((resolve) => { go = resolve; }), loaded: finished, signal: abort.signal };
      const figure = isolated(name as NativeBackendName, control);
      // A rival that fails before loading counts as done (its reason is reported at settle).
      figure.catch(finished);
      return { name, go, figure };
    });
    return entries;
  };
  let settled = false;
  return {
    current: provisional.name,
    rivals,
    begin,
    get ready() {
      return entries !== null && pending <= 0;
    },
    cancel() {
      if (!settled) abort.abort();
      settled = true;
    },
    async settle(ownImagesPerSec: number): Promise<BackendReport> {
      if (settled) throw new Error('this backend contest is already settled');
      settled = true;
      const skipped = [...provisional.skipped];
      const measured: BackendSpeed[] = [{ name: provisional.name, label: speedLabel(provisional.name, provisional.nativeKernels), imagesPerSec: ownImagesPerSec }];
      for (const entry of begin()) {
        entry.go();
        try {
          measured.push({ name: entry.name, label: speedLabel(entry.name, false), imagesPerSec: await entry.figure });
        } catch (err) {
          skipped.push({ name: entry.name, reason: firstLine(err) });
        }
      }
      // Rivals first, as BACKEND_ORDER has them: a tie goes to libtensorflow, as it did before.
      const ranked = rankBySpeed([...measured.slice(1), measured[0] as BackendSpeed]);
      const fastest = (ranked[0] as BackendSpeed).name;
      const choice: SpeedChoice = { measured: ranked, chosen: fastest, how: 'measured' };
      let report: BackendReport = { ...provisional, skipped, speed: choice };
      if (fastest !== provisional.name) {
        const started = await start(fastest, opts, loader);
        if ('reason' in started) {
          skipped.push({ name: fastest, reason: `won the timing but did not start here: ${started.reason}` });
          report = { ...provisional, skipped, speed: { ...choice, chosen: provisional.name } };
        } else {
          report = reportFor(fastest, started, skipped, choice);
          // selectBackend() answers with what runs now.
          current = { prefer: undefined, report: Promise.resolve(report), name: fastest };
        }
      }
      speed.cache?.set(key, report.speed ?? choice);
      return report;
    },
  };
}

/** Whether `name` is timed in another process for this selection (speed.ts: `isolated`). */
function isolatedHere(name: BackendName, speed: SpeedTrialOptions): boolean {
  return speed.isolated !== undefined && (name === 'tensorflow-gpu' || name === 'tensorflow');
}

export type BackendProbe =
  | { name: BackendName; ok: true; report: BackendReport }
  | { name: BackendName; ok: false; reason: string };

/**
 * Tries every backend in turn and says which start and why the others do not (the doctor).
 * Leaves TF.js on the last that started; selectBackend afterwards selects as usual.
 */
export async function probeBackends(loader: NativeLoader = nodeNativeLoader, opts: SelectBackendOptions = {}): Promise<BackendProbe[]> {
  registerCpuKernelPatches();
  const probes: BackendProbe[] = [];
  for (const name of BACKEND_ORDER) {
    const result = await start(name, opts, loader);
    probes.push('reason' in result ? { name, ok: false, reason: result.reason } : { name, ok: true, report: reportFor(name, result, [], null) });
  }
  current = null;
  return probes;
}

interface Selection {
  prefer: BackendName | undefined;
  report: Promise<BackendReport>;
  /** Set once the selection succeeds, so `prefer: <what we already run>` reuses it. */
  name?: BackendName;
}

let current: Selection | null = null;

function noop(): void {}

/**
 * Selects the backend once per process; later calls return the same report (the same
 * promise, so concurrent callers share one selection), including a `prefer` naming the
 * backend already running. A `prefer` naming another backend switches (TF.js moves live
 * tensors across on first use). A failed selection is not cached: it can be retried, and
 * the previous selection stays current.
 */
export function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendReport> {
  // A speed choice is per graph: it always selects anew (and costs a few steps, or a cache read).
  const reusable = opts.speed === undefined || opts.prefer !== undefined;
  if (current !== null && reusable && (opts.prefer === undefined || opts.prefer === current.prefer || opts.prefer === current.name)) {
    return current.report;
  }
  const previous = current;
  // Switches run one after another: two selections interleaving tf.setBackend calls could
  // leave TF.js on a backend neither report names.
  const settled = previous === null ? Promise.resolve() : previous.report.then(noop, noop);
  const entry: Selection = { prefer: opts.prefer, report: settled.then(() => selectBackendWith(nodeNativeLoader, opts)) };
  current = entry;
  entry.report.then(
    (report) => {
      entry.name = report.name;
    },
    // A failed forced selection changes nothing in TF.js: keep answering with the last good one.
    () => {
      if (current === entry) current = previous;
    },
  );
  return entry.report;
}
