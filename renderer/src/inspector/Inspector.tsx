import { useShallow } from 'zustand/react/shallow';
import { formatShape } from '../../../engine/layers/definition.js';
import { LAYERS } from '../../../engine/layers/registry.js';
import { useController, useGraph } from '../app/hooks.js';
import { categoryClass, formatCount } from '../canvas/category.js';
import { ProjectSummary } from './ProjectSummary.js';
import { ParamField } from './ParamField.js';

/** The selected layer's params as a form; with nothing selected, the model as a whole. */
export function Inspector() {
  const controller = useController();
  const selected = useGraph(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const node = useGraph((s) => (selected.length === 1 ? s.nodes.find((n) => n.id === selected[0]) : undefined));
  const analysis = useGraph((s) => (node ? s.analysis.nodes.get(node.id) : undefined));
  const issues = useGraph((s) => (node ? s.issuesByNode.get(node.id) : undefined));
  const readOnly = useGraph((s) => s.readOnly);

  if (selected.length > 1) {
    return (
      <div className="inspector">
        <h2 className="panel-title">{selected.length} layers selected</h2>
        <p className="muted">Drag to move them together, or use Copy, Duplicate and Delete.</p>
        <div className="button-row">
          <button type="button" className="btn" onClick={() => controller.run('edit.duplicate')} disabled={readOnly}>Duplicate</button>
          <button type="button" className="btn danger" onClick={() => controller.run('edit.delete')} disabled={readOnly}>Delete</button>
        </div>
      </div>
    );
  }
  if (!node) return <ProjectSummary />;

  const layer = LAYERS[node.data.kind];
  return (
    <div className="inspector" aria-label={`${layer.displayName} properties`}>
      <div className={`inspector-head ${categoryClass(layer.category)}`}>
        <span className="swatch" aria-hidden="true" />
        <div>
          <h2 className="panel-title">{layer.displayName}</h2>
          <p className="muted small">{layer.category} · <code>{node.id}</code></p>
        </div>
      </div>
      <p className="inspector-description">{layer.description}</p>
      <dl className="facts">
        <div><dt>Output</dt><dd className="mono">{analysis?.outputShape ? formatShape(analysis.outputShape) : 'unknown'}</dd></div>
        <div><dt>Parameters</dt><dd className="mono">{formatCount(analysis?.paramCount ?? 0)}</dd></div>
      </dl>
      {issues && issues.length > 0 && (
        <ul className="issue-list">
          {issues.map((issue, i) => (
            <li key={i} className="issue"><strong>{issue.message}</strong><span>{issue.fix}</span></li>
          ))}
        </ul>
      )}
      {layer.params.length > 0 ? (
        <form className="param-form" onSubmit={(e) => e.preventDefault()}>
          {layer.params.map((def) => (
            <ParamField key={`${node.id}:${def.name}`} def={def} value={node.data.params[def.name] ?? def.default} disabled={readOnly}
              onChange={(value) => controller.graph.getState().setParam(node.id, def.name, value)} />
          ))}
        </form>
      ) : (
        <p className="muted">This layer has no settings.</p>
      )}
    </div>
  );
}
