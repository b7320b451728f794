import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { enableDialogs, withProjectExtension } from './dialogs.js';
import { channels } from './ipc-channels.js';
import { UNKNOWN_SENDER } from './ipc-main.js';
import { FakeIpcMain, senderEvent, trustOnly } from './test-fakes.js';

function setUp(answers: { open?: string[] | null; save?: string | null } = {}) {
  const ipc = new FakeIpcMain();
  const window = { id: 'main-window' };
  const dialog = {
    showOpenDialog: vi.fn(async () => (answers.open ? { canceled: false, filePaths: answers.open } : { canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn(async () => (answers.save ? { canceled: false, filePath: answers.save } : { canceled: true, filePath: '' })),
  };
  enableDialogs(ipc, dialog as never, { isTrustedSender: trustOnly(1), windowFor: () => window as never, documentsDir: '/home/ada/Documents' });
  return { ipc, dialog, window };
}

describe('native dialogs', () => {
  it('opens a project file, modal to the window', async () => {
    const { ipc, dialog, window } = setUp({ open: ['/p/lenet.layerloom.json'] });
    await expect(ipc.invoke(channels.dialogOpenProject, senderEvent(1))).resolves.toBe('/p/lenet.layerloom.json');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ properties: ['openFile'] }));
  });

  it('resolves null when the user cancels', async () => {
    const { ipc } = setUp();
    await expect(ipc.invoke(channels.dialogOpenProject, senderEvent(1))).resolves.toBeNull();
    await expect(ipc.invoke(channels.dialogSaveProject, senderEvent(1), { suggestedPath: 'x' })).resolves.toBeNull();
    await expect(ipc.invoke(channels.dialogChooseDatasetArchive, senderEvent(1))).resolves.toBeNull();
  });

  it('saves with the project extension, suggesting a name in Documents', async () => {
    const { ipc, dialog } = setUp({ save: '/p/my-net' });
    await expect(ipc.invoke(channels.dialogSaveProject, senderEvent(1), { suggestedPath: 'lenet' })).resolves.toBe('/p/my-net.layerloom.json');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ defaultPath: path.resolve('/home/ada/Documents', 'lenet.layerloom.json') }));
  });

  it('chooses folders for export (creatable) and for a dataset', async () => {
    const { ipc, dialog } = setUp({ open: ['/out'] });
    await expect(ipc.invoke(channels.dialogChooseFolder, senderEvent(1), { purpose: 'export', suggestedPath: 'lenet-model' })).resolves.toBe('/out');
    await ipc.invoke(channels.dialogChooseFolder, senderEvent(1), { purpose: 'dataset', suggestedPath: '' });
    const [exportCall, datasetCall] = dialog.showOpenDialog.mock.calls as unknown as Array<[unknown, { properties: string[] }]>;
    expect(exportCall?.[1].properties).toEqual(['openDirectory', 'createDirectory', 'promptToCreate']);
    expect(datasetCall?.[1].properties).toEqual(['openDirectory']);
  });

  it('refuses unknown senders and malformed arguments without showing a dialog', async () => {
    const { ipc, dialog } = setUp({ open: ['/x'] });
    await expect(ipc.invoke(channels.dialogOpenProject, senderEvent(2))).rejects.toThrow(UNKNOWN_SENDER);
    await expect(ipc.invoke(channels.dialogChooseFolder, senderEvent(1), { purpose: 'anything', suggestedPath: '' })).rejects.toThrow();
    await expect(ipc.invoke(channels.dialogSaveProject, senderEvent(1), 'lenet')).rejects.toThrow();
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('adds .layerloom.json only where no .json is given', () => {
    expect(withProjectExtension('/p/a')).toBe('/p/a.layerloom.json');
    expect(withProjectExtension('/p/a.layerloom.json')).toBe('/p/a.layerloom.json');
    expect(withProjectExtension('/p/a.JSON')).toBe('/p/a.JSON');
  });
});
