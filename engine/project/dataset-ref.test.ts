import { describe, expect, it } from 'vitest';
import { parseProject, serializeProject } from './load.js';
import { loadTemplate } from './templates.js';

describe('the project records its dataset', () => {
  it('an image folder round-trips, and a file without the field (older projects) still loads as CIFAR-10', () => {
    const base = loadTemplate('lenet');
    expect(base.dataset).toBeUndefined();
    const withFolder = { ...base, dataset: { kind: 'folder' as const, path: '/data/shapes', fit: 'pad' as const, channels: 'auto' as const } };
    expect(parseProject(serializeProject(withFolder)).dataset).toEqual(withFolder.dataset);
    expect(parseProject(serializeProject({ ...base, dataset: { kind: 'cifar10' } })).dataset).toEqual({ kind: 'cifar10' });
  });

  it('names a bad fit with the field', () => {
    const text = JSON.stringify({ ...loadTemplate('lenet'), dataset: { kind: 'folder', path: '/x', fit: 'stretch' } });
    expect(() => parseProject(text, 'p.json')).toThrow(/dataset\.fit/);
  });
});
