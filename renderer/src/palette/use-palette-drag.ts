import { useCallback, useRef, useState } from 'react';
import type { NodeKind } from '../../../engine/graph/types.js';
import { useController } from '../app/hooks.js';

/** Half a node, so a dropped layer lands centred under the pointer. */
const NODE_HALF = { x: 100, y: 28 };
const DRAG_THRESHOLD = 4;

export interface DragGhost { kind: NodeKind; name: string; x: number; y: number; overCanvas: boolean }

/**
 * Dragging palette items with pointer events rather than HTML5 drag-and-drop: it works the same
 * with a mouse, a pen, and test drivers, and lets the ghost look like a node.
 */
export function usePaletteDrag() {
  const controller = useController();
  const [ghost, setGhost] = useState<DragGhost | null>(null);
  const dragged = useRef(false);

  const onPointerDown = useCallback((event: React.PointerEvent, kind: NodeKind, name: string) => {
    if (event.button !== 0 || controller.isReadOnly()) return;
    const start = { x: event.clientX, y: event.clientY };
    dragged.current = false;
    const canvasAt = (x: number, y: number) => document.elementFromPoint(x, y)?.closest('[data-testid="canvas"]') ?? null;

    const move = (e: PointerEvent) => {
      if (!dragged.current && Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD) return;
      dragged.current = true;
      setGhost({ kind, name, x: e.clientX, y: e.clientY, overCanvas: canvasAt(e.clientX, e.clientY) !== null });
    };
    const up = (e: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setGhost(null);
      const flow = controller.ctx.flow();
      if (!dragged.current || !flow || !canvasAt(e.clientX, e.clientY)) return;
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      controller.graph.getState().addLayer(kind, { x: at.x - NODE_HALF.x, y: at.y - NODE_HALF.y });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }, [controller]);

  /** A click that ended a drag is not also an "add" click. */
  const consumeDrag = useCallback(() => {
    const was = dragged.current;
    dragged.current = false;
    return was;
  }, []);

  return { ghost, onPointerDown, consumeDrag };
}
