import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { enableCrashReload } from './crash-reload.js';
import { channels } from './ipc-channels.js';
import { LAG_BUDGET_MS, startLagMonitor } from './lag-monitor.js';
import { enableNativeEdit } from './native-edit.js';
import { RecentFiles } from './recent-files.js';
import { enableSingleInstance, projectFromArgv } from './single-instance.js';
import { FakeIpcMain, senderEvent, trustOnly } from './test-fakes.js';
import { TrustedSenders } from './trusted-senders.js';
import { isAppUrl } from './app-protocol.js';

describe('single instance', () => {
  it('quits a second instance and hands its command line to the first', () => {
    const second = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => false, quit: vi.fn() });
    expect(enableSingleInstance(second as never, vi.fn())).toBe(false);
    expect(second.quit).toHaveBeenCalled();

    const first = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => true, quit: vi.fn() });
    const onSecond = vi.fn();
    expect(enableSingleInstance(first as never, onSecond)).toBe(true);
    first.emit('second-instance', {}, ['layerloom', 'net.layerloom.json'], '/home/ada');
    expect(onSecond).toHaveBeenCalledWith(['layerloom', 'net.layerloom.json'], '/home/ada');
  });

  it('finds a project file on a command line', () => {
    const exists = (file: string) => file === path.resolve('/home/ada/net.layerloom.json');
    expect(projectFromArgv(['layerloom', '--flag', 'net.layerloom.json'], '/home/ada', exists)).toBe(path.resolve('/home/ada/net.layerloom.json'));
    expect(projectFromArgv(['layerloom', 'missing.json'], '/home/ada', exists)).toBeNull();
    expect(projectFromArgv(['layerloom'], '/home/ada', exists)).toBeNull();
  });
});

describe('trusted senders', () => {
  function contents(id: number) {
    return Object.assign(new EventEmitter(), { id, sent: [] as unknown[][], destroyed: false, send(...args: unknown[]) { this.sent.push(args); }, isDestroyed() { return this.destroyed; } });
  }

  it('trusts only the main frame of a registered window showing an app page', () => {
    const senders = new TrustedSenders(isAppUrl);
    senders.add(contents(1));
    expect(senders.isTrusted(senderEvent(1))).toBe(true);
    expect(senders.isTrusted(senderEvent(2))).toBe(false);
    expect(senders.isTrusted(senderEvent(1, 'https://evil.example/'))).toBe(false);
    expect(senders.isTrusted(senderEvent(1, 'layerloom://app/index.html', { parent: 'frame' }))).toBe(false);
    expect(senders.isTrusted({ sender: { id: 1 }, senderFrame: null })).toBe(false);
  });

  it('forgets destroyed windows and broadcasts to the rest', () => {
    const senders = new TrustedSenders(isAppUrl);
    const one = contents(1);
    const two = contents(2);
    senders.add(one);
    senders.add(two);
    two.emit('destroyed');
    senders.broadcast('layerloom:event:training.batch', { batch: 1 });
    expect(one.sent).toEqual([['layerloom:event:training.batch', { batch: 1 }]]);
    expect(two.sent).toEqual([]);
    expect(senders.isTrusted(senderEvent(2))).toBe(false);
  });
});

describe('native edit', () => {
  it('performs edit actions on the sending page, for trusted senders and known actions only', () => {
    const ipc = new FakeIpcMain();
    enableNativeEdit(ipc, trustOnly(1));
    const page = { id: 1, copy: vi.fn(), paste: vi.fn() };
    ipc.emit(channels.nativeEdit, { sender: page, senderFrame: senderEvent(1).senderFrame }, 'copy');
    ipc.emit(channels.nativeEdit, { sender: page, senderFrame: senderEvent(1).senderFrame }, 'reload');
    ipc.emit(channels.nativeEdit, { sender: { ...page, id: 2 }, senderFrame: senderEvent(2).senderFrame }, 'paste');
    expect(page.copy).toHaveBeenCalledOnce();
    expect(page.paste).not.toHaveBeenCalled();
  });
});

describe('recent files', () => {
  it('keeps the newest first, without duplicates, up to the limit, across restarts', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'layerloom-recent-')), 'recent.json');
    const recent = new RecentFiles(file, 3);
    for (const name of ['/a.json', '/b.json', '/c.json', '/a.json', '/d.json']) recent.add(name);
    expect(recent.list()).toEqual(['/d.json', '/a.json', '/c.json'].map((p) => path.resolve(p)));
    expect(recent.add('/d.json')).toBe(false);
    expect(new RecentFiles(file, 3).list()).toEqual(recent.list());
    recent.clear();
    expect(new RecentFiles(file, 3).list()).toEqual([]);
  });
});

describe('crash reload', () => {
  it('reloads a crashed page a few times, not after a clean exit', () => {
    const webContents = Object.assign(new EventEmitter(), { reload: vi.fn() });
    enableCrashReload({ webContents, isDestroyed: () => false } as never, 2, vi.fn());
    webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    for (let i = 0; i < 3; i += 1) webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(webContents.reload).toHaveBeenCalledTimes(2);
  });
});

describe('lag monitor', () => {
  it('reports the event-loop delay each interval, including a blocked loop', async () => {
    const samples: Array<{ maxMs: number }> = [];
    const monitor = startLagMonitor((sample) => samples.push(sample), 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const until = Date.now() + 80;
      while (Date.now() < until) { /* block the loop on purpose */ }
      await vi.waitFor(() => expect(samples.length).toBeGreaterThanOrEqual(2), { timeout: 2_000 });
      expect(monitor.worst()?.maxMs).toBeGreaterThan(60);
      expect(LAG_BUDGET_MS).toBe(50);
    } finally {
      monitor.stop();
    }
  });
});
