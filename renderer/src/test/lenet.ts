import type { NodeKind } from '../../../engine/graph/types.js';
import type { GraphStoreApi } from '../stores/graph-store.js';

/** Builds the reference LeNet the way a user would with click-to-add: each layer after the selected one. */
export function buildLenet(store: GraphStoreApi): void {
  const chain: [NodeKind, Record<string, number>?][] = [
    ['input'], ['conv2d'], ['relu'], ['maxpool2d'], ['conv2d', { filters: 16 }], ['relu'], ['maxpool2d'], ['flatten'],
    ['dense', { units: 120 }], ['relu'], ['dense', { units: 84 }], ['relu'], ['dense', { units: 10 }], ['output'],
  ];
  for (const [kind, params] of chain) {
    const id = store.getState().appendLayer(kind);
    if (!id) throw new Error('The store refused an edit.');
    for (const [name, value] of Object.entries(params ?? {})) store.getState().setParam(id, name, value);
  }
}
