import { useController, useTraining } from '../app/hooks.js';
import type { RunRecord } from '../stores/training-store.js';
import { runColor } from './chart-data.js';
import { pct } from './format.js';

function summary(run: RunRecord): string {
  const c = run.config;
  if (!c) return '';
  const schedule = c.schedule.kind === 'constant' ? '' : ` ${c.schedule.kind}`;
  return `${c.optimizer.toUpperCase()}${c.nesterov ? ' Nesterov' : ''} lr ${c.learningRate}${schedule} · batch ${c.batchSize} · ${run.epochs.length}/${c.epochs} ep`;
}

/** Every run of this session: pick one to view, tick the ones whose curves overlay the charts. */
export function RunHistory() {
  const controller = useController();
  const runs = useTraining((s) => s.runs);
  const viewed = useTraining((s) => s.viewedRunId);
  const busy = useTraining((s) => s.activeRunId !== null || s.starting);
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
            {run.resumable && !busy && (
              <button type="button" className="link" title="Continue from its last checkpoint (at most the epoch under way was lost)"
                onClick={() => controller.resumeRun(run.id)}>Resume</button>
            )}
            {run.stored && !busy && (
              <button type="button" className="link muted" title="Delete this run and its checkpoint from disk" aria-label={`Delete ${run.label}`}
                onClick={() => controller.deleteStoredRun(run.id)}>Delete</button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
