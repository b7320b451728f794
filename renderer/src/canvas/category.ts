import type { Category } from '../../../engine/layers/definition.js';

/** CSS class for a layer category; colours live in the stylesheet so the theme owns them. */
export function categoryClass(category: Category): string {
  return `cat-${category.toLowerCase().replace(/[^a-z]+/g, '-')}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "456 params", "1.2M params": short enough for a node face. */
export function formatParams(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M params`;
  if (n >= 100_000) return `${Math.round(n / 1000)}k params`;
  return `${formatCount(n)} param${n === 1 ? '' : 's'}`;
}
