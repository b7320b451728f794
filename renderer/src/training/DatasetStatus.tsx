import { useController, useTraining } from '../app/hooks.js';
import { formatCount } from '../canvas/category.js';
import { Icon } from '../ui/icons.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** Where the images come from: found, being fetched (with progress), or how to get them. */
export function DatasetStatus() {
  const controller = useController();
  const status = useTraining((s) => s.dataset);
  const task = useTraining((s) => s.datasetTask);
  const progress = useTraining((s) => s.datasetProgress);
  const error = useTraining((s) => s.datasetError);
  const readOnly = useTraining((s) => s.activeRunId !== null);
  const share = progress?.totalBytes ? progress.receivedBytes / progress.totalBytes : null;

  return (
    <section className="panel-section" aria-label="Dataset" data-testid="dataset-status">
      <div className="section-head">
        <h3 className="section-title"><Icon name="database" /> CIFAR-10</h3>
        {status?.found && <span className="pill ok">Ready</span>}
        {status && !status.found && !task && <span className="pill warn">Not found</span>}
      </div>
      {status === null && !task && <p className="muted">Checking for the dataset…</p>}
      {status?.found && (
        <>
          <p className="small">{formatCount(status.trainCount)} training and {formatCount(status.testCount)} test images.</p>
          <p className="muted small mono ellipsis" title={status.dir}>{status.dir}</p>
          <p className="muted small">From {status.from === 'option' ? 'the folder you chose' : status.from === 'env' ? 'LAYERLOOM_CIFAR10_DIR' : 'the app’s data folder'}.</p>
        </>
      )}
      {status && !status.found && !task && (
        <>
          <p className="small">{status.problem}</p>
          <p className="muted small">{status.fix}</p>
        </>
      )}
      {task && (
        <div className="progress-block" role="status">
          <p className="small">{task === 'download' ? `${progress?.phase === 'extract' ? 'Extracting' : progress?.phase === 'verify' ? 'Verifying' : 'Downloading'} CIFAR-10…` : 'Importing…'}</p>
          <div className="progress" aria-label="Dataset progress" {...(share !== null ? { 'aria-valuenow': Math.round(share * 100) } : {})} role="progressbar" aria-valuemin={0} aria-valuemax={100}>
            <div className={share === null ? 'bar indeterminate' : 'bar'} style={share === null ? undefined : { width: `${share * 100}%` }} />
          </div>
          {progress && <p className="muted small">{megabytes(progress.receivedBytes)}{progress.totalBytes ? ` of ${megabytes(progress.totalBytes)}` : ''}</p>}
        </div>
      )}
      {error && <p className="field-error" role="alert">{error.message} {error.fix}</p>}
      <div className="button-row wrap">
        {status && !status.found && <button type="button" className="btn small primary" disabled={task !== null || readOnly} onClick={() => controller.downloadDataset()}>Download (170 MB)</button>}
        <button type="button" className="btn small" disabled={task !== null || readOnly} onClick={() => controller.importDataset()}>Import archive…</button>
        <button type="button" className="btn small" disabled={task !== null || readOnly} onClick={() => controller.useDatasetFolder()}>Use folder…</button>
      </div>
    </section>
  );
}
