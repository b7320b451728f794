import type { ReactFlowInstance } from '@xyflow/react';
import type { LayerFlowNode, ShapeFlowEdge } from '../graph/flow-graph.js';
import type { Platform } from '../platform/platform.js';
import type { GraphStoreApi } from '../stores/graph-store.js';
import type { TrainingStoreApi } from '../stores/training-store.js';
import type { UiStoreApi } from '../stores/ui-store.js';
import { errorReason } from './error-reason.js';

export type FlowInstance = ReactFlowInstance<LayerFlowNode, ShapeFlowEdge>;

/** What the action modules share: the host, the three stores and the canvas once it exists. */
export interface AppContext {
  platform: Platform;
  graph: GraphStoreApi;
  training: TrainingStoreApi;
  ui: UiStoreApi;
  flow(): FlowInstance | null;
}

/** Runs an action and turns a failure into a notice with its fix, so no action fails silently. */
export async function reportErrors<T>(ctx: AppContext, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    const { message, fix } = errorReason(error);
    ctx.ui.getState().notify({ tone: 'error', message, ...(fix ? { fix } : {}) });
    return undefined;
  }
}
