import { describeSpeedChoice } from './speed.js';
import type { BackendReport } from './types.js';

function details(report: BackendReport): string {
  const threads = `${report.threads} thread${report.threads === 1 ? '' : 's'}`;
  switch (report.name) {
    case 'wasm':
      return `${report.simd === true ? 'SIMD' : 'no SIMD'}${report.nativeKernels ? ' + native kernels' : ''}, ${threads}`;
    case 'cpu':
      return `pure JS, ${threads}`;
    case 'tensorflow':
    case 'tensorflow-gpu':
      return `libtensorflow, ${threads}`;
  }
}

/**
 * One line for logs, the CLI and the status bar, e.g.
 * "Backend: wasm (SIMD, 1 thread). Chosen by speed: wasm + native 1900 img/s, tensorflow 1388 img/s → wasm + native.
 * Skipped: tensorflow-gpu — …".
 */
export function describeBackend(report: BackendReport): string {
  let line = `Backend: ${report.name} (${details(report)}).`;
  if (report.speed !== null && (report.speed.measured.length > 0 || report.speed.how === 'provisional')) line += ` Chosen by speed: ${describeSpeedChoice(report.speed)}.`;
  if (report.skipped.length > 0) {
    line += ` Skipped: ${report.skipped.map((s) => `${s.name} — ${s.reason}`).join('; ')}.`;
  }
  if (report.notes.length > 0) line += ` Note: ${report.notes.join('; ')}.`;
  return line;
}
