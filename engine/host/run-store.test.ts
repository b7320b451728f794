// Runs outlive the engine: stored with their curves, listed by a new host, resumed by id.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFixture } from '../data/fixtures.js';
import { trainingConfigSchema } from '../project/schema.js';
import { loadTemplate } from '../project/templates.js';
import { requests } from './contract.js';
import { EngineHost } from './engine-host.js';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-runs-'));
  data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 20, test: 20 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const host = () => new EngineHost({ cacheDir: join(root, 'cache'), env: {}, dataDir: data });
const training = trainingConfigSchema.parse({
  optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, batchSize: 20, epochs: 3, validationSplit: 0.2, seed: 4, schedule: { kind: 'cosine', warmupEpochs: 1 },
});

function ended(h: EngineHost): Promise<string> {
  return new Promise((resolve, reject) => {
    h.subscribe('training.end', (e) => resolve(e.status));
    h.subscribe('training.error', (e) => reject(new Error(e.message)));
  });
}

describe('stored runs', () => {
  it('a stopped run is listed after a restart with its curves, resumes by id, and finishes its epochs', async () => {
    const first = host();
    const done = ended(first);
    first.subscribe('training.epoch', (e) => { if (e.epoch === 1) void first.request('training.stop', { runId: e.runId }); });
    const { runId } = await first.request('training.start', { graph: loadTemplate('lenet').graph, training, limit: 60, name: 'LeNet' });
    expect(await done).toBe('stopped');
    first.dispose();

    const second = host(); // a new engine: nothing in memory
    const [stored] = await second.request('runs.list', {});
    requests['runs.list'].result.parse([stored]);
    expect(stored).toMatchObject({ id: runId, name: 'LeNet', status: 'stopped', resumable: true, stepsPerEpoch: 3 });
    expect(stored?.history.map((e) => e.epoch)).toEqual([1]);
    expect(stored?.lrCurve[0]?.lr).toBeCloseTo(0.01 / 3, 9); // warm-up's first step
    const finished = ended(second);
    await second.request('training.start', { graph: loadTemplate('lenet').graph, training, resumeRunId: runId });
    expect(await finished).toBe('completed');
    const [after] = await second.request('runs.list', {});
    expect(after).toMatchObject({ id: runId, status: 'completed', resumable: false });
    expect(after?.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(after?.testAcc).not.toBeNull();
    second.dispose();

    // A third engine (another restart) exports the finished run from its checkpoint.
    const third = host();
    const exported = await third.request('model.export', { runId, format: 'tfjs', outDir: join(root, 'exported') });
    expect(exported.paths[0]).toMatch(/model\.json$/);
    const json = JSON.parse(await readFile(exported.paths[0] as string, 'utf8'));
    expect(json.userDefinedMetadata.layerloom.normalization).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(await third.request('runs.delete', { runId })).toEqual({ deleted: true });
    await expect(third.request('model.export', { runId, format: 'tfjs', outDir: join(root, 'gone') })).rejects.toThrow(/no checkpoint/);
    expect(await third.request('runs.list', {})).toEqual([]);
    third.dispose();
  });
});
