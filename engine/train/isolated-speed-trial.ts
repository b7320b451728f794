// Times a run's model on a libtensorflow backend in a child process (speed-trial-child.ts), so
// the engine loads libtensorflow (~350 MB it cannot give back) only when that backend wins. The
// child starts at once (loading libtensorflow, building the model) and times only when told:
// after `startWhen` (the run's data has loaded) and never beside another trial.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { IsolationUnavailableError } from '../backend/speed.js';
import { projectRoot } from '../project-root.js';
import type { Graph } from '../graph/types.js';
import type { TrainingConfig } from '../project/schema.js';

export type IsolatedBackend = 'tensorflow-gpu' | 'tensorflow';

/** The child's 'ready' (built, first step done), then its answer, after which it exits. */
const readySchema = z.object({ ready: z.literal(true) });
export const trialReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), imagesPerSec: z.number().positive() }),
  z.object({ ok: z.literal(false), reason: z.string().max(2000) }),
]);

/** The compiled child script: beside this file in dist/, or dist/'s copy when this runs from source (tests). */
function childScript(): string | null {
  const beside = fileURLToPath(new URL('./speed-trial-child.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const root = projectRoot();
  const built = root === undefined ? null : join(root, 'dist', 'engine', 'train', 'speed-trial-child.js');
  return built !== null && existsSync(built) ? built : null;
}

/**
 * Each phase's limit (loading libtensorflow and building the model; then timing a few steps):
 * well beyond either on any machine that trains. Waiting for `startWhen` is not limited.
 */
const DEFAULT_TIMEOUT_MS = 120_000;

export interface ChildTimingOptions {
  /** Time only after this settles (the child loads and builds meanwhile); not limited in time. */
  startWhen?: Promise<unknown>;
  /** Called once the child has loaded the backend and run its untimed first step. */
  onReady?: () => void;
  /** Ends the child and rejects: the figure is no longer wanted. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export function timeInChildProcess(
  backend: IsolatedBackend, graph: Graph, training: Pick<TrainingConfig, 'batchSize' | 'optimizer' | 'learningRate' | 'momentum'>,
  { startWhen = Promise.resolve(), onReady, signal, timeoutMs = DEFAULT_TIMEOUT_MS }: ChildTimingOptions = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const script = childScript();
    if (script === null) {
      reject(new IsolationUnavailableError('its timing script is not built: run npm run build:engine'));
      return;
    }
    if (signal?.aborted) {
      reject(new Error('its timing was cancelled'));
      return;
    }
    // ELECTRON_RUN_AS_NODE: inside the desktop app, execPath is Electron's binary.
    const child = fork(script, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TF_CPP_MIN_LOG_LEVEL: process.env['TF_CPP_MIN_LOG_LEVEL'] ?? '2' } });
    let stderr = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const limit = () => setTimeout(() => {
      child.kill();
      finish(() => reject(new Error(`timing it in a separate process took over ${Math.round(timeoutMs / 1000)} s`)));
    }, timeoutMs);
    let timer = limit();
    signal?.addEventListener('abort', () => {
      child.kill();
      finish(() => reject(new Error('its timing was cancelled')));
    }, { once: true });
    child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
    child.on('error', (err) => finish(() => reject(new IsolationUnavailableError(`could not start a process to time it: ${err.message}`))));
    child.on('message', (raw) => {
      if (readySchema.safeParse(raw).success) {
        clearTimeout(timer);
        onReady?.();
        void startWhen.then(() => undefined, () => undefined).then(() => {
          if (settled || !child.connected) return;
          timer = limit();
          child.send({ go: true });
        });
        return;
      }
      const reply = trialReplySchema.safeParse(raw);
      finish(() => {
        if (!reply.success) reject(new Error('its timing process answered something unexpected'));
        else if (reply.data.ok) resolve(reply.data.imagesPerSec);
        else reject(new Error(reply.data.reason));
      });
    });
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').filter(Boolean).at(-1);
      finish(() => reject(new Error(`its timing process ended (${signal ?? `exit ${code}`}) without a result${last ? `: ${last}` : ''}`)));
    });
    const { batchSize, optimizer, learningRate, momentum } = training;
    child.send({ backend, graph, training: { batchSize, optimizer, learningRate, momentum } });
  });
}
