import { useState } from 'react';
import { useController, useTraining } from '../app/hooks.js';
import { viewedRun } from '../stores/training-store.js';
import { Icon } from '../ui/icons.js';
import { ClassAccuracy } from './ClassAccuracy.js';
import { ConfusionMatrix, type Cell } from './ConfusionMatrix.js';
import { EpochTable } from './EpochTable.js';
import { PredictPanel } from './PredictPanel.js';
import { RunCharts } from './RunCharts.js';
import { RunHistory } from './RunHistory.js';
import { SampleGallery } from './SampleGallery.js';
import { StatTiles } from './StatTiles.js';

/** The training dashboard: live numbers and curves while a run goes, its evaluation after. */
export function Dashboard() {
  const controller = useController();
  const run = useTraining(viewedRun);
  const [cell, setCell] = useState<{ runId: string; cell: Cell } | null>(null);
  const chosen = cell && run && cell.runId === run.id ? cell.cell : null;

  return (
    <section className="dashboard" aria-label="Training dashboard" data-testid="dashboard">
      <header className="dashboard-head">
        <h2 className="panel-title"><Icon name="chart" /> Training{run ? ` · ${run.label}` : ''}</h2>
        {run?.error && <p className="field-error" role="alert">{run.error.message} {run.error.fix}</p>}
        <button type="button" className="btn icon ghost" aria-label="Hide dashboard" title="Hide dashboard (Shift+D)" onClick={() => controller.ui.getState().setDashboardOpen(false)}>
          <Icon name="close" />
        </button>
      </header>
      {!run ? (
        <div className="dashboard-empty">
          <p>No runs yet. Set up training in the <strong>Train</strong> panel and press <strong>Train</strong>; loss, accuracy and throughput stream in here as it learns.</p>
        </div>
      ) : (
        <div className="dashboard-body">
          <StatTiles run={run} />
          <RunCharts run={run} />
          {run.end && (
            <div className="result-grid">
              <ConfusionMatrix end={run.end} selected={chosen} onSelect={(c) => setCell({ runId: run.id, cell: c })} />
              <ClassAccuracy end={run.end} />
            </div>
          )}
          {run.end && chosen && <SampleGallery end={run.end} cell={chosen} />}
          {run.end && <PredictPanel key={run.id} runId={run.id} />}
          <div className="result-grid">
            <EpochTable run={run} />
            <RunHistory />
          </div>
        </div>
      )}
    </section>
  );
}
