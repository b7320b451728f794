import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatShape } from '../../../engine/layers/definition.js';
import { useGraph } from '../app/hooks.js';
import type { ShapeFlowEdge } from '../graph/flow-graph.js';

/** An edge labelled with the tensor that flows along it: the source layer's output shape. */
function ShapeEdgeView({ id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const shape = useGraph((s) => s.analysis.nodes.get(source)?.outputShape ?? null);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'shape-edge selected' : 'shape-edge'} />
      {shape && (
        <EdgeLabelRenderer>
          <div className="edge-shape nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} data-testid="edge-shape">
            {formatShape(shape)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
