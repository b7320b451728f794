import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMAND_IDS } from '../../../electron/menu-commands.js';
import { COMMANDS, commandForKey, commandTitle, menuTemplate, runCommand, type CommandTarget } from './commands.js';
import { formatBinding, matchesBinding, toAccelerator } from './keys.js';

const key = (k: string, code: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

function target(overrides: Partial<CommandTarget> = {}): CommandTarget {
  const noop = () => {};
  return {
    newProject: noop, openProject: noop, saveProject: noop, saveProjectAs: noop, showTemplates: noop, importDataset: noop, showExport: noop,
    canExport: () => false, undo: noop, redo: noop, canUndo: () => true, canRedo: () => false, cut: noop, copy: noop, paste: noop,
    canPaste: () => false, duplicate: noop, deleteSelection: noop, hasSelection: () => true, selectAll: noop, isReadOnly: () => false,
    fitView: noop, zoomIn: noop, zoomOut: noop, autoLayout: noop, toggleDashboard: noop, focusPalette: noop, showShortcuts: noop,
    train: noop, pause: noop, resume: noop, stop: noop, trainingPhase: () => 'idle',
    ...overrides,
  };
}

describe('commands', () => {
  it('has one entry per id, and handles every id the native menu sends', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of MENU_COMMAND_IDS) expect(ids).toContain(id);
  });

  it('runs only enabled commands', () => {
    const undo = vi.fn();
    const redo = vi.fn();
    const app = target({ undo, redo });
    expect(runCommand('edit.undo', app)).toBe(true);
    expect(runCommand('edit.redo', app)).toBe(false);
    expect(undo).toHaveBeenCalledOnce();
    expect(redo).not.toHaveBeenCalled();
    expect(runCommand('no.such', app)).toBe(false);
  });

  it('toggles pause and resume with one command, as the native menu expects', () => {
    const pause = vi.fn();
    const resume = vi.fn();
    runCommand('train.pause', target({ pause, resume, trainingPhase: () => 'running' }));
    runCommand('train.pause', target({ pause, resume, trainingPhase: () => 'paused' }));
    expect(pause).toHaveBeenCalledOnce();
    expect(resume).toHaveBeenCalledOnce();
  });

  it('maps keys to commands, leaving text fields their own editing keys', () => {
    expect(commandForKey(key('z', 'KeyZ', { ctrlKey: true }), false, false)?.id).toBe('edit.undo');
    expect(commandForKey(key('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }), false, false)?.id).toBe('edit.redo');
    expect(commandForKey(key('z', 'KeyZ', { metaKey: true }), true, false)?.id).toBe('edit.undo');
    expect(commandForKey(key('z', 'KeyZ', { ctrlKey: true }), false, true)).toBeUndefined();
    expect(commandForKey(key('Backspace', 'Backspace'), false, true)).toBeUndefined();
    expect(commandForKey(key('Delete', 'Delete'), false, false)?.id).toBe('edit.delete');
    expect(commandForKey(key('s', 'KeyS', { ctrlKey: true }), false, true)?.id).toBe('file.save');
    expect(commandForKey(key('!', 'Digit1', { shiftKey: true }), false, false)?.id).toBe('view.fitView');
    expect(commandForKey(key('+', 'Equal', { shiftKey: true }), false, false)?.id).toBe('view.zoomIn');
    expect(commandForKey(key('?', 'Slash', { shiftKey: true }), false, false)?.id).toBe('help.shortcuts');
    expect(commandForKey(key('a', 'KeyA'), false, false)).toBeUndefined();
  });

  it('shows shortcuts for each platform and as Electron accelerators', () => {
    expect(formatBinding('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatBinding('Mod+Shift+Z', true)).toBe('⇧⌘Z');
    expect(toAccelerator('Mod+Enter')).toBe('CmdOrCtrl+Return');
    expect(toAccelerator('Mod+Plus')).toBe('CmdOrCtrl+Plus');
    expect(matchesBinding(key('Enter', 'Enter', { ctrlKey: true }), 'Mod+Enter', false)).toBe(true);
    const undo = COMMANDS.find((c) => c.id === 'edit.undo');
    expect(undo && commandTitle(undo, false)).toBe('Undo (Ctrl+Z)');
    const file = menuTemplate().find((m) => m.menu === 'File');
    expect(file?.items.find((i) => i.id === 'file.save')?.accelerator).toBe('CmdOrCtrl+S');
  });
});
