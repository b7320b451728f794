// The huge-page hint through the addon. Whether Linux takes it depends on the machine's
// transparent_hugepage setting, so the test asks the OS what to expect.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adviseHugePages } from './huge-pages.js';
import { loadNativeKernels } from './native-kernels.js';

const load = loadNativeKernels();

/** Linux with transparent huge pages allowed for advised memory ('always' or 'madvise'). */
function thpAvailable(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return !readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[never]');
  } catch {
    return false;
  }
}

describe.skipIf(!load.ok)('huge pages for big buffers', () => {
  it('are advised where the OS offers them, and never fail a load where it does not', () => {
    expect(adviseHugePages(new Uint8Array(8 << 20))).toBe(thpAvailable());
    // Less than one whole 2 MB page: nothing to advise.
    expect(adviseHugePages(new Uint8Array(4096))).toBe(false);
  });

  it('fault in far fewer pages when advised (where the OS offers them)', () => {
    if (!thpAvailable()) return;
    const faultsFilling = (advise: boolean) => {
      const buffer = new Uint8Array(64 << 20);
      if (advise) adviseHugePages(buffer);
      const before = process.resourceUsage().minorPageFault;
      buffer.fill(1);
      return process.resourceUsage().minorPageFault - before;
    };
    const plain = faultsFilling(false);
    const advised = faultsFilling(true);
    // 64 MB: ~16,000 faults with 4 KB pages; a few dozen with 2 MB ones (more where none are free).
    expect(advised).toBeLessThan(plain / 4);
  });

  it('checks its arguments', () => {
    if (!load.ok) return; // narrows the type; the suite already skips without the addon
    expect(() => load.kernels.adviseHugePages({} as ArrayBufferView, 1)).toThrow(/typed array/);
    expect(() => load.kernels.adviseHugePages(new Uint8Array(1), -1)).toThrow(/0 to 16 GiB/);
  });
});
