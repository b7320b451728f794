import type { RunRecord } from '../stores/training-store.js';
import { duration, num3, pct, rate } from './format.js';

/** The numbers at a glance: where the run is, how it is doing, how long is left. */
export function StatTiles({ run }: { run: RunRecord }) {
  const last = run.lastBatch;
  const epoch = run.epochs.at(-1);
  const tiles: { label: string; value: string; testId: string; tone?: string }[] = [
    { label: 'Status', value: run.state, testId: 'stat-status', tone: run.state === 'failed' ? 'bad' : run.state === 'completed' ? 'good' : undefined },
    { label: 'Epoch', value: last ? `${last.epoch} / ${last.epochs}` : epoch ? `${epoch.epoch} / ${epoch.epochs}` : '—', testId: 'stat-epoch' },
    { label: 'Loss', value: last ? num3(last.loss) : '—', testId: 'stat-loss' },
    { label: 'Accuracy', value: last ? pct(last.acc) : '—', testId: 'stat-acc' },
    { label: 'Val accuracy', value: epoch?.valAcc != null ? pct(epoch.valAcc) : '—', testId: 'stat-val-acc' },
    { label: 'Images / s', value: last ? rate(last.imagesPerSec) : '—', testId: 'stat-rate' },
    { label: run.end ? 'Time' : 'ETA', value: run.end ? duration(run.end.seconds) : last && run.state === 'running' ? duration(last.etaSeconds) : '—', testId: 'stat-eta' },
    { label: 'Test accuracy', value: run.end ? pct(run.end.testAcc) : '—', testId: 'stat-test-acc', tone: run.end ? 'good' : undefined },
  ];
  const share = last ? ((last.epoch - 1) * last.batches + last.batch) / (last.epochs * last.batches) : run.end ? 1 : 0;
  return (
    <div className="stat-block">
      <div className="stat-tiles">
        {tiles.map((t) => (
          <div key={t.label} className={`stat-tile ${t.tone ?? ''}`} data-testid={t.testId}>
            <span className="stat-label">{t.label}</span>
            <span className="stat-value">{t.value}</span>
          </div>
        ))}
      </div>
      <div className="progress thin" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
        <div className="bar" style={{ width: `${Math.min(1, share) * 100}%` }} />
      </div>
    </div>
  );
}
