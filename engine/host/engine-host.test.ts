import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFixture } from '../data/fixtures.js';
import { HUGE } from '../graph/test-graphs.js';
import { loadTemplate } from '../project/templates.js';
import type { EventName, EventPayload } from './contract.js';
import { events, requests } from './contract.js';
import { EngineHost } from './engine-host.js';
import { EngineError } from './errors.js';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layerloom-host-'));
  data = await writeCifarFixture(join(root, 'data'), { trainPerBatch: 30, test: 20 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

function hostWith(dataDir?: string) {
  return new EngineHost({ cacheDir: join(root, 'cache'), env: {}, ...(dataDir && { dataDir }) });
}

function record<N extends EventName>(host: EngineHost, name: N): EventPayload<N>[] {
  const seen: EventPayload<N>[] = [];
  host.subscribe(name, (p) => seen.push(p));
  return seen;
}

describe('EngineHost', () => {
  it('keeps the recovery copy in its data folder, across hosts (a restarted server), until cleared', async () => {
    const first = hostWith();
    expect(await first.request('recovery.load', {})).toBeNull();
    await first.request('recovery.save', { text: '{"project":"v1"}' });
    await first.request('recovery.save', { text: '{"project":"v2"}' });
    const second = hostWith();
    expect(await second.request('recovery.load', {})).toBe('{"project":"v2"}');
    await second.request('recovery.clear', {});
    expect(await hostWith().request('recovery.load', {})).toBeNull();
    await second.request('recovery.clear', {});
  });

  it('reports memory limits in engine.info and refuses a run that cannot fit, with the figure and the fix', async () => {
    const host = hostWith(data);
    const info = await host.request('engine.info', {});
    expect(info.memory).toMatchObject({ backend: info.backend.name, maxTensorElements: 2 ** 32 });
    expect(info.memory?.freeBytes).toBeGreaterThan(0);
    const start = host.request('training.start', { graph: HUGE, training: { ...loadTemplate('lenet').training, epochs: 1 } });
    await expect(start).rejects.toThrow(/Training needs about 1\d\d GiB[\s\S]*reduce Dense units or add pooling before Flatten/);
  });

  it('answers info and templates with results that satisfy the contract', async () => {
    const host = hostWith();
    const info = await host.request('engine.info', {});
    expect(requests['engine.info'].result.parse(info)).toEqual(info);
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(info.backend.name);
    const templates = await host.request('templates.list', {});
    expect(templates[0]).toMatchObject({ id: 'lenet', name: 'LeNet', params: 62006 });
    requests['templates.list'].result.parse(templates);
  });

  it('rejects arguments that break the contract, naming the field', async () => {
    const host = hostWith();
    await expect(host.request('training.pause', { runId: 42 } as never)).rejects.toThrow(/bad argument at runId/);
    await expect(host.request('nope' as never, {} as never)).rejects.toBeInstanceOf(EngineError);
  });

  it('reports a missing dataset with a fix, then finds the configured one', async () => {
    const missing = await hostWith().request('dataset.status', {});
    expect(missing).toMatchObject({ found: false });
    expect(missing.found === false && missing.fix).toMatch(/Download/);
    const found = await hostWith(data).request('dataset.status', {});
    expect(found).toMatchObject({ found: true, from: 'option', trainCount: 150, testCount: 20 });
    const samples = await hostWith(data).request('dataset.samples', { split: 'test', indices: [0, 19, 500] });
    expect(samples.map((s) => s.index)).toEqual([0, 19]);
    expect(Buffer.from(samples[0]!.rgb, 'base64')).toHaveLength(3072);
  });

  it('saves and reopens a project unchanged, and explains unreadable paths', async () => {
    const host = hostWith();
    const project = loadTemplate('vgg-mini');
    const path = join(root, 'projects', 'mine.layerloom.json');
    await host.request('project.write', { path, project });
    expect((await host.request('project.read', { path })).project).toEqual(project);
    await expect(host.request('project.read', { path: join(root, 'none.json') })).rejects.toThrow(/no such file/);
  });

  it('runs training with contract-checked events, then exports the model', async () => {
    const host = hostWith(data);
    const states = record(host, 'training.state');
    const epochs = record(host, 'training.epoch');
    const batches = record(host, 'training.batch');
    const ended = new Promise<EventPayload<'training.end'>>((resolve) => host.subscribe('training.end', resolve));
    const project = loadTemplate('lenet');
    const { runId } = await host.request('training.start', { graph: project.graph, training: { ...project.training, epochs: 2, batchSize: 30, seed: 1 } });
    await expect(host.request('training.start', { graph: project.graph, training: project.training })).rejects.toThrow(/already in progress/);
    const end = await ended;
    for (const e of epochs) events['training.epoch'].parse(e);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(batches.length).toBeGreaterThan(0);
    expect(states.map((s) => s.state)).toEqual(['running', 'completed']);
    expect(end).toMatchObject({ runId, status: 'completed', params: 62006, epochsDone: 2 });
    expect(end.predictions).toHaveLength(20);
    expect(end.confusion.flat().reduce((a, b) => a + b)).toBe(20);
    const { paths } = await host.request('model.export', { runId, format: 'tfjs', outDir: join(root, 'export') });
    expect(paths[0]).toMatch(/model\.json$/);
    const onnx = await host.request('model.export', { runId, format: 'onnx', outDir: join(root, 'export-onnx') });
    expect(onnx.paths).toEqual([join(root, 'export-onnx', 'model.onnx')]);
    const pytorch = await host.request('model.export', { runId, format: 'pytorch', outDir: join(root, 'export-pytorch') });
    expect(pytorch.paths.map((p) => p.slice(p.lastIndexOf('/') + 1))).toEqual(['model.py', 'weights.npz', 'predict.py', 'train.py']);
    host.dispose();
  });

  it('refuses to train an invalid graph and says what to fix', async () => {
    const host = hostWith(data);
    const project = loadTemplate('lenet');
    const graph = { ...project.graph, nodes: project.graph.nodes.filter((n) => n.kind !== 'output') };
    const error = await host.request('training.start', { graph, training: project.training }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('no Output node');
    expect((error as { fix: string }).fix).toMatch(/Fix the problems/);
  });
});
