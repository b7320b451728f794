// Which backend a test run trains on. The suites that matter run twice (vitest.config.ts
// projects): on WASM + native kernels, and with LAYERLOOM_TEST_BACKEND=tensorflow on
// libtensorflow (built by `npm run setup:tensorflow`). Tests pin the backend: with tfjs-node
// installed, an unpinned selection would quietly move the WASM suites onto TensorFlow.
import { selectBackend } from '../select.js';
import { BACKEND_ORDER, type BackendName, type BackendReport } from '../types.js';

function requestedBackend(): BackendName {
  const value = process.env.LAYERLOOM_TEST_BACKEND ?? 'wasm';
  if (!(BACKEND_ORDER as readonly string[]).includes(value)) {
    throw new Error(`LAYERLOOM_TEST_BACKEND must be one of ${BACKEND_ORDER.join(', ')}, not '${value}'`);
  }
  return value as BackendName;
}

/** The backend the suites run on in this project ('wasm' unless LAYERLOOM_TEST_BACKEND says otherwise). */
export const TEST_BACKEND: BackendName = requestedBackend();

/** True under CI, where a backend the run asks for must load: a missing one fails instead of skipping. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

/**
 * Starts TEST_BACKEND. Where it cannot load, prints why and returns null so the file skips
 * (`describe.skipIf(!backend)`), except under CI, where it throws: CI builds the TensorFlow
 * binding (.ci/run), so a missing one is a broken setup, not a reason to skip.
 */
export async function startTestBackend(): Promise<BackendReport | null> {
  try {
    return await selectBackend({ prefer: TEST_BACKEND });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (inCi()) throw new Error(`${reason} (CI=true: run npm run setup:tensorflow first)`, { cause: error });
    const hint = TEST_BACKEND === 'tensorflow' ? 'Run npm run setup:tensorflow to build it' : 'npx layerloom doctor says why';
    console.warn(`[${TEST_BACKEND}] SKIPPED: ${reason}. ${hint}.`);
    return null;
  }
}
