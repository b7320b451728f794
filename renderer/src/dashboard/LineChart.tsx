import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  dash?: number[];
  width?: number;
  /** Dots on the data points: per-epoch curves have few, and one point draws no line. */
  points?: boolean;
}

interface Props {
  title: string;
  /** x values first, then one array per series, all of the same length (null = no point). */
  data: (number | null)[][];
  series: ChartSeries[];
  xLabel: string;
  yFormat?: (v: number) => string;
  yRange?: [number, number];
  /** Start the y axis at zero (losses, rates), so a flat curve does not look like a cliff. */
  fromZero?: boolean;
  height?: number;
  testId?: string;
}

const AXIS = { stroke: '#8b93a7', grid: { stroke: 'rgba(255,255,255,0.06)', width: 1 }, ticks: { stroke: 'rgba(255,255,255,0.08)', width: 1 }, font: '11px system-ui, sans-serif' };

/**
 * uPlot behind a React face. The plot is rebuilt only when its series change (a run added to the
 * overlay); new points go through setData, which is cheap enough for every batch event.
 */
export function LineChart({ title, data, series, xLabel, yFormat, yRange, fromZero, height = 132, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = JSON.stringify({ series, yRange, fromZero, height });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200), height,
      legend: { show: true, live: false },
      cursor: { points: { size: 6 } },
      scales: {
        x: { time: false },
        y: yRange ? { range: yRange } : fromZero ? { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? max * 1.08 : 1] } : { auto: true },
      },
      axes: [
        { ...AXIS, label: xLabel, labelSize: 16, labelFont: AXIS.font, size: 32 },
        { ...AXIS, size: 50, ...(yFormat ? { values: (_u: uPlot, ticks: number[]) => ticks.map(yFormat) } : {}) },
      ],
      series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: s.width ?? 2, dash: s.dash, spanGaps: true, points: { show: s.points ?? false, size: 5, fill: s.color } }))],
    };
    const instance = new uPlot(opts, data as uPlot.AlignedData, el);
    plot.current = instance;
    const resize = new ResizeObserver(() => instance.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    return () => { resize.disconnect(); instance.destroy(); plot.current = null; };
    // Rebuilt on shape changes only (`shape` stands for series, range and height); data flows through the effect below.
  }, [shape]);

  useEffect(() => { plot.current?.setData(data as uPlot.AlignedData); }, [data]);

  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} className="chart-box" />
    </figure>
  );
}
