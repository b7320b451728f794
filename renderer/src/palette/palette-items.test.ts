import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../engine/layers/definition.js';
import { NODE_KINDS } from '../../../engine/graph/types.js';
import { bestMatch, paletteGroups } from './palette-items.js';

describe('palette items', () => {
  it('offers every layer kind, grouped in the fixed category order', () => {
    const groups = paletteGroups('');
    expect(groups.map((g) => g.category)).toEqual([...CATEGORIES]);
    expect(groups.flatMap((g) => g.items.map((i) => i.kind)).sort()).toEqual([...NODE_KINDS].sort());
  });

  it('searches names, kinds and categories, best name match first', () => {
    expect(bestMatch('relu')?.name).toBe('ReLU');
    expect(bestMatch('pool')?.category).toBe('Pooling');
    expect(paletteGroups('activation').flatMap((g) => g.items).length).toBeGreaterThanOrEqual(5);
    expect(bestMatch('zzz')).toBeUndefined();
  });
});
