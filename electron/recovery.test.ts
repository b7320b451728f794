import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channels } from './ipc-channels.js';
import { UNKNOWN_SENDER } from './ipc-main.js';
import { enableRecovery, MAX_AUTOSAVE_BYTES } from './recovery.js';
import { FakeIpcMain, senderEvent, trustOnly } from './test-fakes.js';

function setUp() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'layerloom-recovery-')), 'recovery', 'autosave.layerloom.json');
  const ipc = new FakeIpcMain();
  const recovery = enableRecovery(ipc, { file, isTrustedSender: trustOnly(1) });
  return { file, ipc, recovery };
}

describe('autosave recovery', () => {
  it('has nothing to offer on a first start', async () => {
    const { ipc } = setUp();
    await expect(ipc.invoke(channels.recoveryLoad, senderEvent(1))).resolves.toBeNull();
  });

  it('keeps the autosave for the next start (a crash), until cleared', async () => {
    const { ipc, file } = setUp();
    await ipc.invoke(channels.recoverySave, senderEvent(1), '{"graph":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"graph":1}');
    // A new session (after a crash) finds it.
    const next = new FakeIpcMain();
    enableRecovery(next, { file, isTrustedSender: trustOnly(1) });
    await expect(next.invoke(channels.recoveryLoad, senderEvent(1))).resolves.toBe('{"graph":1}');
    await next.invoke(channels.recoveryClear, senderEvent(1));
    expect(existsSync(file)).toBe(false);
  });

  it('removes the autosave when the window closes through the prompt', async () => {
    const { ipc, file, recovery } = setUp();
    await ipc.invoke(channels.recoverySave, senderEvent(1), 'text');
    recovery.discard();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses unknown senders and oversized or non-text autosaves', async () => {
    const { ipc, file } = setUp();
    await expect(ipc.invoke(channels.recoverySave, senderEvent(2), 'x')).rejects.toThrow(UNKNOWN_SENDER);
    await expect(ipc.invoke(channels.recoveryLoad, senderEvent(2))).rejects.toThrow(UNKNOWN_SENDER);
    await expect(ipc.invoke(channels.recoverySave, senderEvent(1), { text: 'x' })).rejects.toThrow();
    await expect(ipc.invoke(channels.recoverySave, senderEvent(1), 'x'.repeat(MAX_AUTOSAVE_BYTES + 1))).rejects.toThrow();
    expect(existsSync(file)).toBe(false);
  });
});
