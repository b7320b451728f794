export const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
/** Axis ticks: whole percents keep the axis narrow. */
export const pctAxis = (v: number) => `${Math.round(v * 100)}%`;
export const num3 = (v: number) => v.toFixed(3);

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function rate(imagesPerSec: number): string {
  return imagesPerSec >= 1000 ? `${(imagesPerSec / 1000).toFixed(1)}k` : `${Math.round(imagesPerSec)}`;
}
