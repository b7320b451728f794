import { describe, expect, it } from 'vitest';
import { createProgressThrottle, type DownloadProgress } from './progress-throttle.js';

describe('createProgressThrottle', () => {
  it('reports at most once per interval, plus the final state', () => {
    let clock = 0;
    const events: DownloadProgress[] = [];
    const throttle = createProgressThrottle((p) => events.push(p), 100, () => clock);
    for (let bytes = 0; bytes <= 1000; bytes++) {
      throttle.update({ receivedBytes: bytes, totalBytes: 1000 });
      clock += 1;
    }
    throttle.finish({ receivedBytes: 1000, totalBytes: 1000 });
    expect(events.map((e) => e.receivedBytes)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('does not repeat a final state that was just reported', () => {
    const events: DownloadProgress[] = [];
    const throttle = createProgressThrottle((p) => events.push(p), 100, () => 0);
    throttle.update({ receivedBytes: 5, totalBytes: null });
    throttle.finish({ receivedBytes: 5, totalBytes: null });
    expect(events).toEqual([{ receivedBytes: 5, totalBytes: null }]);
  });
});
