import { CATEGORIES, type Category } from '../../../engine/layers/definition.js';
import { LAYERS } from '../../../engine/layers/registry.js';
import type { NodeKind } from '../../../engine/graph/types.js';

export interface PaletteItem { kind: NodeKind; name: string; description: string; category: Category }

const ALL: PaletteItem[] = Object.values(LAYERS).map((l) => ({ kind: l.kind, name: l.displayName, description: l.description, category: l.category }));

/** The palette's groups in the fixed category order, filtered by a search query. */
export function paletteGroups(query: string): { category: Category; items: PaletteItem[] }[] {
  const q = query.trim().toLowerCase();
  const matches = (item: PaletteItem) => q === ''
    || item.name.toLowerCase().includes(q) || item.kind.includes(q) || item.category.toLowerCase().includes(q) || item.description.toLowerCase().includes(q);
  const score = (item: PaletteItem) => (item.name.toLowerCase().startsWith(q) ? 0 : item.name.toLowerCase().includes(q) ? 1 : 2);
  return CATEGORIES
    .map((category) => ({ category, items: ALL.filter((i) => i.category === category && matches(i)) }))
    .filter((g) => g.items.length > 0)
    .map((g) => (q ? { ...g, items: [...g.items].sort((a, b) => score(a) - score(b)) } : g));
}

/** What Enter in the search box adds: the best name match across all groups. */
export function bestMatch(query: string): PaletteItem | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  const items = paletteGroups(query).flatMap((g) => g.items);
  return items.find((i) => i.name.toLowerCase() === q) ?? items.find((i) => i.name.toLowerCase().startsWith(q)) ?? items[0];
}
