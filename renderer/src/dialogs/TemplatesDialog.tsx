import { useEffect, useState } from 'react';
import { LAYERS } from '../../../engine/layers/registry.js';
import { useController } from '../app/hooks.js';
import type { TemplateSummary } from '../app/project-actions.js';
import { categoryClass, formatCount } from '../canvas/category.js';
import { Modal } from './Modal.js';

/** Proven starting points, LeNet first (the engine orders them), each with its size at a glance. */
export function TemplatesDialog() {
  const controller = useController();
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    controller.platform.engine.request('templates.list', {}).then(setTemplates, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [controller]);

  return (
    <Modal title="Templates" wide onClose={() => controller.ui.getState().openDialog(null)}>
      {error && <p className="field-error">{error}</p>}
      {!templates && !error && <p className="muted">Loading templates…</p>}
      <ul className="template-grid">
        {templates?.map((t) => (
          <li key={t.id}>
            <button type="button" className="template-card" aria-label={`${t.name} template`} onClick={() => controller.loadTemplate(t)} data-testid={`template-${t.id}`}>
              <span className="template-name">{t.name}</span>
              <span className="template-params">{formatCount(t.params)} parameters · {t.project.graph.nodes.length} layers</span>
              {t.project.measured ? (
                <span className="template-measured" title={`Measured with the template's own training settings on ${t.project.measured.machine}`}>
                  {Math.round(t.project.measured.testAcc * 1000) / 10}% test accuracy after {t.project.measured.epochs} epochs · {Math.round(t.project.measured.epochSeconds)} s/epoch ({t.project.measured.backend})
                </span>
              ) : (
                <span className="template-measured muted" title="No full training run with this template's own settings has been measured on a reference machine yet">
                  Accuracy and time per epoch: not measured yet
                </span>
              )}
              <span className="template-chain" aria-hidden="true">
                {t.project.graph.nodes.map((n) => <span key={n.id} className={`chip ${categoryClass(LAYERS[n.kind].category)}`} title={LAYERS[n.kind].displayName} />)}
              </span>
              <span className="template-description">{t.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
