import { useController, useTraining } from '../app/hooks.js';
import type { RunRecord } from '../stores/training-store.js';
import { runColor } from './chart-data.js';
import { pct } from './format.js';

function summary(run: RunRecord): string {
  const c = run.config;
  if (!c) return '';
  return `${c.optimizer.toUpperCase()} lr ${c.learningRate} · batch ${c.batchSize} · ${c.epochs} ep`;
}

/** Every run of this session: pick one to view, tick the ones whose curves overlay the charts. */
export function RunHistory() {
  const controller = useController();
  const runs = useTraining((s) => s.runs);
  const viewed = useTraining((s) => s.viewedRunId);
  return (
    <div className="card history-card">
      <h4 className="card-title">Run history</h4>
      <ul className="run-list">
        {[...runs].reverse().map((run) => (
          <li key={run.id} className={run.id === viewed ? 'active' : ''}>
            <input type="checkbox" checked={run.overlay} aria-label={`Overlay ${run.label}`} title="Overlay this run's curves"
              onChange={() => controller.training.getState().toggleOverlay(run.id)} />
            <span className="run-swatch" style={{ background: runColor(runs, run.id) }} aria-hidden="true" />
            <button type="button" className="link run-name" onClick={() => controller.training.getState().viewRun(run.id)}>{run.label}</button>
            <span className="muted small run-summary">{summary(run)}</span>
            <span className={`pill ${run.state === 'completed' ? 'ok' : run.state === 'failed' ? 'bad' : ''}`}>{run.end ? pct(run.end.testAcc) : run.state}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
