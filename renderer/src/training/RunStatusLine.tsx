import { useGraph, useTraining } from '../app/hooks.js';
import { activeRun } from '../stores/training-store.js';
import { Icon } from '../ui/icons.js';

/** One line on what training is doing, or what stands in its way. */
export function RunStatusLine() {
  const run = useTraining(activeRun);
  const problems = useGraph((s) => s.analysis.issues.length);
  const startError = useTraining((s) => s.startError);
  if (run) {
    const b = run.lastBatch;
    return (
      <p className="run-state" role="status" data-testid="run-state">
        <Icon name="chart" /> {run.label} {run.state}{b ? ` · epoch ${b.epoch}/${b.epochs}, batch ${b.batch}/${b.batches}` : ''}
      </p>
    );
  }
  if (startError) return <p className="field-error" role="alert">{startError.message} {startError.fix}</p>;
  if (problems > 0) return <p className="muted small">Fix the model’s {problems} problem{problems > 1 ? 's' : ''} to train.</p>;
  return <p className="muted small">Ready. Train uses these settings on the model as it is now.</p>;
}
