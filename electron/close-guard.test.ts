import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { enableCloseGuard, type CloseChoice } from './close-guard.js';
import { FakeIpcMain, senderEvent } from './test-fakes.js';
import { RendererQueries } from './renderer-queries.js';
import { channels } from './ipc-channels.js';

class FakeWindow extends EventEmitter {
  closed = false;
  isDestroyed() { return this.closed; }
  /** Like BrowserWindow.close(): emits 'close', and closes unless a listener prevented it. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    if (!prevented) this.closed = true;
  }
}

function setUp(dirty: boolean, choice: CloseChoice = 'cancel', saved = true) {
  const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
  const window = new FakeWindow();
  const asked: string[] = [];
  const onCleanClose = vi.fn();
  const confirm = vi.fn(async () => choice);
  enableCloseGuard(app as never, window as never, {
    ask: async (query) => { asked.push(query); return query === 'isDirty' ? dirty : saved; },
    confirm,
    onCleanClose,
  });
  return { app, window, asked, confirm, onCleanClose };
}

describe('unsaved-changes prompt on close', () => {
  it('closes at once when the page has nothing unsaved', async () => {
    const { window, confirm, onCleanClose } = setUp(false);
    window.close();
    await vi.waitFor(() => expect(window.closed).toBe(true));
    expect(confirm).not.toHaveBeenCalled();
    expect(onCleanClose).toHaveBeenCalled();
  });

  it('keeps the window open on Cancel', async () => {
    const { window, confirm, onCleanClose } = setUp(true, 'cancel');
    window.close();
    await vi.waitFor(() => expect(confirm).toHaveBeenCalled());
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.closed).toBe(false);
    expect(onCleanClose).not.toHaveBeenCalled();
  });

  it('closes without saving on Don\'t Save', async () => {
    const { window, asked } = setUp(true, 'discard');
    window.close();
    await vi.waitFor(() => expect(window.closed).toBe(true));
    expect(asked).toEqual(['isDirty']);
  });

  it('asks the page to save on Save, and closes only once it has', async () => {
    const saved = setUp(true, 'save', true);
    saved.window.close();
    await vi.waitFor(() => expect(saved.window.closed).toBe(true));
    expect(saved.asked).toEqual(['isDirty', 'save']);

    const cancelled = setUp(true, 'save', false);
    cancelled.window.close();
    await vi.waitFor(() => expect(cancelled.asked).toEqual(['isDirty', 'save']));
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled.window.closed).toBe(false);
  });

  it('carries on quitting once the question is answered', async () => {
    const { app, window } = setUp(true, 'discard');
    app.emit('before-quit');
    window.close();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });
});

describe('questions to the page', () => {
  const contents = (id: number) => ({ id, sent: [] as unknown[][], send(...args: unknown[]) { this.sent.push(args); } });

  it('takes the answer only from the page that was asked', async () => {
    const ipc = new FakeIpcMain();
    const queries = new RendererQueries(ipc, (event) => event.sender.id !== 9);
    const page = contents(1);
    const answer = queries.ask(page, 'isDirty', 1_000, false);
    expect(page.sent).toEqual([[channels.rendererQuery, { id: 1, query: 'isDirty' }]]);
    ipc.emit(channels.rendererReply, senderEvent(9), { id: 1, answer: true });
    ipc.emit(channels.rendererReply, senderEvent(2), { id: 1, answer: true });
    ipc.emit(channels.rendererReply, senderEvent(1), { id: 1, answer: 'yes' });
    ipc.emit(channels.rendererReply, senderEvent(1), { id: 1, answer: true });
    await expect(answer).resolves.toBe(true);
  });

  it('falls back when the page does not answer in time', async () => {
    const queries = new RendererQueries(new FakeIpcMain(), () => true);
    await expect(queries.ask(contents(1), 'isDirty', 10, false)).resolves.toBe(false);
  });
});
