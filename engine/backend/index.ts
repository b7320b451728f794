// Public API of engine/backend: call selectBackend() before building any model.
export { selectBackend } from './select.js';
export { describeBackend } from './describe.js';
export { registerCpuKernelPatches } from './cpu-kernels.js';
export { registerWasmKernelPatches } from './wasm-kernels.js';
export { BACKEND_ORDER } from './types.js';
export type { BackendName, BackendReport, SelectBackendOptions, SkippedBackend } from './types.js';
export type { BackendContest } from './speed.js';
export { likelyBackend, memoryLimits, WASM_MAX_BYTES } from './memory-limits.js';
