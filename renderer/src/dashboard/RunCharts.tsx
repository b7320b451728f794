import { useMemo } from 'react';
import { useTraining } from '../app/hooks.js';
import type { RunRecord } from '../stores/training-store.js';
import { learningRateCurve } from '../../../engine/project/learning-rate.js';
import { batchSeries, epochSeries, learningRateSeries, runColor, throughputSeries } from './chart-data.js';
import { pctAxis } from './format.js';
import { LineChart, type ChartSeries } from './LineChart.js';

/** Live curves for the viewed run, with the other runs ticked in history drawn faintly behind. */
export function RunCharts({ run }: { run: RunRecord }) {
  const runs = useTraining((s) => s.runs);
  const overlays = useMemo(() => runs.filter((r) => r.id !== run.id && r.overlay && r.epochs.length > 0), [runs, run.id]);
  const color = runColor(runs, run.id);
  const epochSeriesDefs = (what: string): ChartSeries[] => [
    { label: `train ${what}`, color, points: true },
    { label: `val ${what}`, color, dash: [6, 4], points: true },
    ...overlays.map((r) => ({ label: r.label, color: `${runColor(runs, r.id)}99`, width: 1.5, points: true })),
  ];
  const batches = useMemo(() => batchSeries(run), [run]);
  const throughput = useMemo(() => throughputSeries(run), [run]);
  const stepsPerEpoch = run.stepsPerEpoch;
  const lr = useMemo(() => {
    const c = run.config;
    const plan = c && stepsPerEpoch ? learningRateCurve(c.schedule, { learningRate: c.learningRate, stepsPerEpoch, epochs: c.epochs }, 150) : [];
    return learningRateSeries(run, plan);
  }, [run, stepsPerEpoch]);
  const loss = useMemo(() => epochSeries(run, overlays, 'loss'), [run, overlays]);
  const acc = useMemo(() => epochSeries(run, overlays, 'acc'), [run, overlays]);
  return (
    <div className="chart-grid">
      <div className="card"><LineChart title="Loss per batch" testId="chart-batch-loss" data={batches} xLabel="batch" series={[{ label: 'loss (epoch avg)', color }]} fromZero /></div>
      <div className="card"><LineChart title="Learning rate per batch" testId="chart-lr" data={lr} xLabel="batch" series={[{ label: 'schedule', color: '#f5a52466', dash: [4, 3] }, { label: 'lr', color: '#f5a524' }]} fromZero /></div>
      <div className="card"><LineChart title="Loss per epoch" testId="chart-epoch-loss" data={loss} xLabel="epoch" series={epochSeriesDefs('loss')} fromZero /></div>
      <div className="card"><LineChart title="Accuracy per epoch" testId="chart-epoch-acc" data={acc} xLabel="epoch" series={epochSeriesDefs('acc')} yFormat={pctAxis} yRange={[0, 1]} /></div>
      <div className="card"><LineChart title="Throughput" testId="chart-throughput" data={throughput} xLabel="batch" series={[{ label: 'images/s', color: '#2ec5d3' }]} fromZero /></div>
    </div>
  );
}
