import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatShape } from '../../../engine/layers/definition.js';
import { LAYERS } from '../../../engine/layers/registry.js';
import { useGraph } from '../app/hooks.js';
import type { LayerFlowNode } from '../graph/flow-graph.js';
import { categoryClass, formatParams } from './category.js';

/**
 * The one node component: everything on its face comes from the layer's definition and the
 * live analysis, so a new layer kind needs no new component.
 */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const layer = LAYERS[data.kind];
  const analysis = useGraph((s) => s.analysis.nodes.get(id));
  const issues = useGraph((s) => s.issuesByNode.get(id));
  const warnings = useGraph((s) => s.analysis.warnings);
  const issue = issues?.[0];
  const shape = analysis?.outputShape ? formatShape(analysis.outputShape) : '?';
  // A layer merely not wired to Output yet is unfinished rather than wrong, and a run close to
  // the memory limit may still work: amber, not red.
  const severity = !issue ? '' : issues.every((i) => i.code === 'unconnected' || warnings.includes(i)) ? 'incomplete' : 'invalid';
  const classes = ['layer-node', categoryClass(layer.category), selected ? 'selected' : '', severity].filter(Boolean).join(' ');
  return (
    <div className={classes} data-kind={data.kind} aria-invalid={issue ? true : undefined} title={layer.description}>
      {layer.inputs.max > 0 && <Handle type="target" position={Position.Top} aria-label={`${layer.displayName} input`} />}
      <div className="layer-node-head">
        <span className="layer-node-kind">{layer.displayName}</span>
        <span className="layer-node-summary">{analysis ? layer.summary(analysis.params) : ''}</span>
      </div>
      <div className="layer-node-meta">
        <span className="layer-node-shape" data-testid="output-shape">{shape}</span>
        <span className="layer-node-params">{analysis && analysis.paramCount > 0 ? formatParams(analysis.paramCount) : '—'}</span>
      </div>
      {issue && (
        <div className="layer-node-issue" role="alert" data-code={issue.code}>
          <span className="issue-message">{issue.message}</span>
          <span className="issue-fix">{issue.fix}</span>
          {issues.length > 1 && <span className="issue-more">+{issues.length - 1} more</span>}
        </div>
      )}
      {layer.hasOutput && <Handle type="source" position={Position.Bottom} aria-label={`${layer.displayName} output`} />}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
