import { useMemo } from 'react';
import { LAYERS } from '../../../engine/layers/registry.js';
import { useController, useGraph } from '../app/hooks.js';
import { formatCount } from '../canvas/category.js';

/** With no layer selected: the model's name, size and every problem, each a link to its layer. */
export function ProjectSummary() {
  const controller = useController();
  const name = useGraph((s) => s.name);
  const path = useGraph((s) => s.path);
  const analysis = useGraph((s) => s.analysis);
  const nodes = useGraph((s) => s.nodes);
  const kinds = useMemo(() => new Map(nodes.map((n) => [n.id, n.data.kind])), [nodes]);
  const count = kinds.size;
  return (
    <div className="inspector">
      <h2 className="panel-title">Model</h2>
      <label className="field">
        <span className="field-label">Name</span>
        <input type="text" value={name} maxLength={200} onChange={(e) => controller.graph.getState().setName(e.target.value)} />
      </label>
      <dl className="facts">
        <div><dt>Layers</dt><dd className="mono">{count}</dd></div>
        <div><dt>Parameters</dt><dd className="mono">{formatCount(analysis.totalParams)}</dd></div>
        <div><dt>File</dt><dd className="mono ellipsis" title={path ?? ''}>{path ?? 'not saved yet'}</dd></div>
      </dl>
      <h3 className="section-title">{analysis.issues.length === 0 ? 'Ready to train' : `${analysis.issues.length} problem${analysis.issues.length > 1 ? 's' : ''}`}</h3>
      {analysis.issues.length === 0 ? (
        <p className="muted">{count > 0 ? 'Every shape fits. Press Train to start a run.' : 'Add an Input, some layers and an Output.'}</p>
      ) : (
        <ul className="issue-list">
          {analysis.issues.map((issue, i) => {
            const kind = issue.nodeId ? kinds.get(issue.nodeId) : undefined;
            return (
              <li key={i} className="issue">
                {issue.nodeId && kind ? (
                  <button type="button" className="link" onClick={() => controller.graph.getState().select([issue.nodeId as string])}>{LAYERS[kind].displayName} · {issue.nodeId}</button>
                ) : null}
                <strong>{issue.message}</strong>
                <span>{issue.fix}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
