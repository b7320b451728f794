import { describe, expect, it, vi } from 'vitest';
import { buildLenet } from '../test/lenet.js';
import { createFakePlatform } from '../test/fake-platform.js';
import { AppController } from './controller.js';

describe('app controller', () => {
  it('starts a run with the graph and settings, freezes the editor, and frees it at the end', async () => {
    const { platform, fake } = createFakePlatform();
    const app = new AppController(platform);
    const stop = app.start();
    buildLenet(app.graph);
    app.run('train.start');
    await vi.waitFor(() => expect(app.training.getState().runs[0]?.config).toBeTruthy());
    const call = fake.calls.find((c) => c.name === 'training.start');
    expect((call?.arg as { graph: { nodes: unknown[] } }).graph.nodes).toHaveLength(14);
    expect(app.graph.getState().readOnly).toBe(true);
    expect(app.trainingPhase()).toBe('running');

    fake.emit('training.state', { runId: 'run-1', state: 'completed' });
    expect(app.graph.getState().readOnly).toBe(false);
    expect(app.trainingPhase()).toBe('idle');
    stop();
  });

  it('sends a pinned backend with the run and shows the backend the run started on', async () => {
    const { platform, fake } = createFakePlatform();
    const app = new AppController(platform);
    const stop = app.start();
    await vi.waitFor(() => expect(app.training.getState().engineInfo?.backend.name).toBe('cpu'));
    buildLenet(app.graph);
    app.run('train.start');
    await vi.waitFor(() => expect(app.training.getState().engineInfo?.backend.name).toBe('wasm'));
    expect(fake.calls.find((c) => c.name === 'training.start')?.arg).not.toHaveProperty('backend');
    expect(app.training.getState().engineInfo?.backend.speed?.chosen).toBe('wasm');
    fake.emit('training.state', { runId: 'run-1', state: 'completed' });

    app.training.getState().setBackendPin('tensorflow');
    app.run('train.start');
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.name === 'training.start')).toHaveLength(2));
    expect(fake.calls.filter((c) => c.name === 'training.start')[1]?.arg).toMatchObject({ backend: 'tensorflow' });
    stop();
  });

  it('refuses to train a broken model and points at the problem', () => {
    const { platform, fake } = createFakePlatform();
    const app = new AppController(platform);
    app.graph.getState().addLayer('conv2d', { x: 0, y: 0 });
    app.train();
    expect(fake.calls.some((c) => c.name === 'training.start')).toBe(false);
    expect(app.ui.getState().notices[0]?.tone).toBe('error');
  });

  it('saves through the dialog and engine, then counts as clean', async () => {
    const { platform, fake, answers } = createFakePlatform();
    const app = new AppController(platform);
    buildLenet(app.graph);
    answers.push('/tmp/lenet.layerloom.json');
    app.run('file.save');
    await vi.waitFor(() => expect(app.graph.getState().path).toBe('/tmp/lenet.layerloom.json'));
    expect(fake.calls.find((c) => c.name === 'project.write')?.arg).toMatchObject({ path: '/tmp/lenet.layerloom.json', project: { format: 'layerloom' } });
    expect(app.canUndo()).toBe(true);
  });

  it('keeps a recovery copy of unsaved work and offers it at the next start', async () => {
    vi.useFakeTimers();
    try {
      const first = createFakePlatform();
      const app = new AppController(first.platform);
      const stop = app.start();
      buildLenet(app.graph);
      await vi.advanceTimersByTimeAsync(1000);
      expect(first.recovery()).toContain('"conv2d1"');
      stop();

      const again = new AppController({ ...first.platform });
      again.start();
      await vi.advanceTimersByTimeAsync(10);
      expect(again.ui.getState().recovery).not.toBeNull();
      again.restoreRecovery(true);
      expect(again.graph.getState().nodes).toHaveLength(14);
    } finally {
      vi.useRealTimers();
    }
  });
});
