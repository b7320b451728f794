// Transparent huge pages (Linux) for the engine's biggest buffers, through the native addon:
// the first touch of each 4 KB page is a page fault, and on some machines (VMs) a fault costs
// ~10 µs, so filling a 184 MB dataset buffer took ~0.4 s of faults, ~0.1 s with 2 MB pages.
// Only a hint: without the addon, or off Linux, nothing changes.
import { loadNativeKernels } from './native-kernels.js';

/** Advises 2 MB pages for `bytes` of the view's buffer from its start; true if the OS took it. */
export function adviseHugePages(view: ArrayBufferView, bytes = view.buffer.byteLength): boolean {
  const load = loadNativeKernels();
  return load.ok && load.kernels.adviseHugePages(view, bytes);
}
