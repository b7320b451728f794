import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Main's event-loop lag: how late timers and IPC fire. Main only relays (the engine trains in
 * its own process), so this should stay far under the 50 ms budget even mid-training.
 */
export interface LagSample {
  at: string;
  /** Worst delay seen in the interval, ms. */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}

export const LAG_BUDGET_MS = 50;

export interface LagMonitor {
  /** The worst interval so far. */
  worst(): LagSample | null;
  stop(): void;
}

/** Node's histogram times a repeating timer, so each value includes this period; it is taken off. */
const RESOLUTION_MS = 10;

export function startLagMonitor(report: (sample: LagSample) => void, intervalMs = 1_000): LagMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let worst: LagSample | null = null;
  const lateBy = (nanoseconds: number) => round(Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS));
  const timer = setInterval(() => {
    const sample: LagSample = {
      at: new Date().toISOString(),
      maxMs: lateBy(histogram.max),
      p99Ms: lateBy(histogram.percentile(99)),
      meanMs: lateBy(histogram.mean),
    };
    histogram.reset();
    if (!worst || sample.maxMs > worst.maxMs) worst = sample;
    report(sample);
  }, intervalMs);
  timer.unref();
  return {
    worst: () => worst,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * With LAYERLOOM_LAG_LOG set, appends one JSON line per second to that file, and a summary on
 * quit; the Electron e2e and `npm run measure:lag`-style scripts read it.
 */
export function enableLagMonitor(app: { on(event: 'will-quit', listener: () => void): unknown }, logFile: string | undefined): LagMonitor | null {
  if (!logFile) return null;
  const monitor = startLagMonitor((sample) => appendFileSync(logFile, `${JSON.stringify(sample)}\n`));
  app.on('will-quit', () => {
    monitor.stop();
    const worst = monitor.worst();
    if (worst) console.log(`Main event-loop lag: worst ${worst.maxMs} ms (budget ${LAG_BUDGET_MS} ms); log in ${logFile}`);
  });
  return monitor;
}
