import { describe, expect, it } from 'vitest';
import { inCi } from '../backend/testing/test-backend.js';
import { nativePackageUsable, nodeNativeLoader } from '../backend/native.js';
import type { Graph } from '../graph/types.js';
import { loadTemplate } from '../project/templates.js';
import { timeInChildProcess } from './isolated-speed-trial.js';

const lenet = loadTemplate('lenet');
const training = { ...lenet.training, batchSize: 16 };
// The package's presence says whether the real trial can run (CI builds it: there it must).
const tensorflow = nativePackageUsable('tensorflow', nodeNativeLoader);

describe('timing a backend in a child process', () => {
  it('refuses a request that is not a graph, with the reason', async () => {
    await expect(timeInChildProcess('tensorflow', { nodes: 'no' } as unknown as Graph, training)).rejects.toThrow(/invalid request/);
  });

  it.skipIf(!tensorflow.ok && !inCi())('times LeNet on libtensorflow there, waiting for its turn', async () => {
    let released = false;
    let release = () => {};
    const turn = new Promise<void>((resolve) => { release = () => { released = true; resolve(); }; });
    let loaded = false;
    const timing = timeInChildProcess('tensorflow', lenet.graph, training, { startWhen: turn, onReady: () => { loaded = true; } });
    // The child builds the model meanwhile; it answers only after its turn comes.
    const early = await Promise.race([timing.then(() => 'answered'), new Promise((resolve) => setTimeout(resolve, 300, 'waiting'))]);
    expect(early).toBe('waiting');
    await expect.poll(() => loaded, { timeout: 60_000 }).toBe(true);
    release();
    const imagesPerSec = await timing;
    expect(released).toBe(true);
    expect(imagesPerSec).toBeGreaterThan(0);
  });

  it('ends the child and rejects when the timing is cancelled', async () => {
    const abort = new AbortController();
    const timing = timeInChildProcess('tensorflow', lenet.graph, training, { startWhen: new Promise(() => {}), signal: abort.signal });
    abort.abort();
    await expect(timing).rejects.toThrow(/cancelled/);
  });
});
