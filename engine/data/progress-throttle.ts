export interface DownloadProgress {
  receivedBytes: number;
  /** null when the server does not say how large the file is. */
  totalBytes: number | null;
}

export interface ProgressThrottle {
  /** Reports if at least the interval has passed since the last report. */
  update(progress: DownloadProgress): void;
  /** Always reports the final state unless it was just reported. */
  finish(progress: DownloadProgress): void;
}

/**
 * Downloads arrive in 16–64 KB chunks, thousands per second; each report crosses a process
 * boundary and redraws a bar, so reports are limited to one per interval. The first and
 * last states are always reported.
 */
export function createProgressThrottle(
  onProgress: ((progress: DownloadProgress) => void) | undefined,
  intervalMs = 100,
  now: () => number = () => performance.now(),
): ProgressThrottle {
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastBytes = -1;
  const report = (progress: DownloadProgress): void => {
    lastAt = now();
    lastBytes = progress.receivedBytes;
    onProgress?.({ receivedBytes: progress.receivedBytes, totalBytes: progress.totalBytes });
  };
  return {
    update(progress) {
      if (now() - lastAt >= intervalMs) report(progress);
    },
    finish(progress) {
      if (progress.receivedBytes !== lastBytes) report(progress);
    },
  };
}
