// Types for find-tensorflow.mjs (plain Node, run before any build), for its tests.
export type TensorflowSource =
  | { kind: 'pip-folder'; dir: string; describe: string }
  | { kind: 'libtensorflow'; dir: string; describe: string }
  | { kind: 'wheel'; file: string; describe: string };
export function defaultPipSpec(): string;
export function sourceFromPath(path: string): TensorflowSource;
export function pipTensorflowOf(python: string): { dir: string | null; why: string };
export function downloadWheel(cacheDir: string, spec: string, python: string, log: (line: string) => void): TensorflowSource;
