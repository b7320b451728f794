// Can @tensorflow/tfjs-node-gpu train on this machine's GPU? tfjs-node-gpu 4.22 wraps
// libtensorflow 2.9.1, built for CUDA 11.2 + cuDNN 8.1 on Linux x64 and Windows x64 only.
// libtensorflow opens the CUDA libraries itself when it starts, and where one is missing it
// logs a line and carries on on the CPU: so this names the missing library and what to install,
// and the backend panel shows it instead of a silent CPU run. Every machine fact comes through
// GpuProbe, so tests reach each case with fakes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, win32 } from 'node:path';

/** What tfjs-node-gpu 4.22 needs, for the doctor, the README and the messages. */
export const GPU_REQUIREMENTS =
  'tfjs-node-gpu 4.22 runs libtensorflow 2.9.1: Linux x64 or Windows x64, an NVIDIA GPU of compute capability ≥ 3.5, ' +
  'NVIDIA driver ≥ 450.80.02 (Linux) / 452.39 (Windows), CUDA 11.2 and cuDNN 8.1 (other CUDA 11.x with cuDNN ≥ 8.1 have the same library names and generally load; CUDA 12 and cuDNN 9 do not)';

interface CudaLibrary {
  /** The file libtensorflow 2.9 opens (Linux soname; Windows DLL). */
  linux: string;
  windows: string;
  /** What provides it, for the message. */
  from: string;
}

/** The libraries libtensorflow 2.9.1's GPU build opens at start (its dso_loader), in that order. */
export const CUDA_LIBRARIES: readonly CudaLibrary[] = [
  { linux: 'libcuda.so.1', windows: 'nvcuda.dll', from: 'the NVIDIA driver' },
  { linux: 'libcudart.so.11.0', windows: 'cudart64_110.dll', from: 'CUDA 11.2 (runtime)' },
  { linux: 'libcublas.so.11', windows: 'cublas64_11.dll', from: 'CUDA 11.2 (cuBLAS)' },
  { linux: 'libcublasLt.so.11', windows: 'cublasLt64_11.dll', from: 'CUDA 11.2 (cuBLAS)' },
  { linux: 'libcufft.so.10', windows: 'cufft64_10.dll', from: 'CUDA 11.2 (cuFFT)' },
  { linux: 'libcurand.so.10', windows: 'curand64_10.dll', from: 'CUDA 11.2 (cuRAND)' },
  { linux: 'libcusolver.so.11', windows: 'cusolver64_11.dll', from: 'CUDA 11.2 (cuSOLVER)' },
  { linux: 'libcusparse.so.11', windows: 'cusparse64_11.dll', from: 'CUDA 11.2 (cuSPARSE)' },
  { linux: 'libcudnn.so.8', windows: 'cudnn64_8.dll', from: 'cuDNN 8.1' },
];

/** The machine as the check sees it. */
export interface GpuProbe {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  readText(path: string): string | null;
  /** stdout of a command, or null if it cannot run or fails. */
  run(command: string, args: string[]): string | null;
}

export const systemGpuProbe: GpuProbe = {
  platform: process.platform,
  arch: process.arch,
  env: process.env,
  exists: existsSync,
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  run: (command, args) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return null;
    }
  },
};

export interface MissingLibrary {
  library: string;
  from: string;
}

export interface GpuCheck {
  /** An NVIDIA GPU is visible (driver loaded): the user presumably wants to train on it. */
  visible: boolean;
  /** e.g. "NVIDIA GeForce RTX 3060"; empty where only /proc says a driver is loaded. */
  gpus: string[];
  driver: string | null;
  /** Where each library needed was found (path), in CUDA_LIBRARIES order. */
  found: { library: string; path: string }[];
  missing: MissingLibrary[];
  /** Why the GPU build cannot use the GPU here, with what to do; null when nothing is in the way. */
  problem: string | null;
}

/** Folders the dynamic loader searches on Linux, beside LD_LIBRARY_PATH and ld.so.cache. */
const LINUX_LIBRARY_DIRS = [
  '/usr/local/cuda-11.2/lib64', '/usr/local/cuda/lib64', '/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu',
];

function ldCache(probe: GpuProbe): Map<string, string> {
  const out = probe.run('ldconfig', ['-p']) ?? probe.run('/sbin/ldconfig', ['-p']) ?? '';
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\s*(\S+) \(.*\) => (\S+)/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined && !map.has(m[1])) map.set(m[1], m[2]);
  }
  return map;
}

function libraryFinder(probe: GpuProbe): (library: CudaLibrary) => string | null {
  if (probe.platform === 'win32') {
    const dirs = [
      ...(probe.env.PATH ?? probe.env.Path ?? '').split(';'),
      ...(probe.env.CUDA_PATH ? [win32.join(probe.env.CUDA_PATH, 'bin')] : []),
      'C:\\Windows\\System32',
    ].filter(Boolean);
    return (lib) => dirs.map((d) => `${d}\\${lib.windows}`).find((p) => probe.exists(p)) ?? null;
  }
  const cache = ldCache(probe);
  const dirs = [...(probe.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean), ...LINUX_LIBRARY_DIRS];
  return (lib) => dirs.map((d) => join(d, lib.linux)).find((p) => probe.exists(p)) ?? cache.get(lib.linux) ?? null;
}

function visibleGpus(probe: GpuProbe): { visible: boolean; gpus: string[]; driver: string | null } {
  const smi = probe.run('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader']);
  const rows = (smi ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(',').map((s) => s.trim()));
  const gpus = rows.map((r) => r[0] ?? '').filter(Boolean);
  let driver = rows[0]?.[1] ?? null;
  const proc = probe.platform === 'linux' ? probe.readText('/proc/driver/nvidia/version') : null;
  driver ??= proc === null ? null : (/Kernel Module\s+(\d+(?:\.\d+)+)/.exec(proc)?.[1] ?? null);
  return { visible: gpus.length > 0 || proc !== null, gpus, driver };
}

function driverTooOld(driver: string | null, platform: NodeJS.Platform): string | null {
  if (driver === null) return null;
  const minimum = platform === 'win32' ? '452.39' : '450.80.02';
  const a = driver.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? minimum : null;
  }
  return null;
}

function installHint(missing: MissingLibrary[], platform: NodeJS.Platform): string {
  const needsDriver = missing.some((m) => m.from === 'the NVIDIA driver');
  const needsCuda = missing.some((m) => m.from.startsWith('CUDA'));
  const needsCudnn = missing.some((m) => m.from.startsWith('cuDNN'));
  const steps: string[] = [];
  if (needsDriver) steps.push('install the NVIDIA driver (≥ 450.80.02)');
  if (needsCuda) steps.push(platform === 'win32' ? 'install the CUDA 11.2 toolkit (it adds its bin folder to PATH)' : 'install the CUDA 11.2 toolkit (e.g. cuda-libraries-11-2 from NVIDIA\'s repository) and add /usr/local/cuda-11.2/lib64 to LD_LIBRARY_PATH');
  if (needsCudnn) steps.push(platform === 'win32' ? 'install cuDNN 8.1 for CUDA 11.2 and put its bin folder on PATH' : 'install cuDNN 8.1 for CUDA 11.2 (libcudnn8=8.1.*-1+cuda11.2) where the loader finds it');
  return steps.join('; ');
}

/** Checks GPU visibility and the CUDA libraries tfjs-node-gpu 4.22 needs. */
export function checkGpu(probe: GpuProbe = systemGpuProbe): GpuCheck {
  const { visible, gpus, driver } = visibleGpus(probe);
  const base = { visible, gpus, driver, found: [], missing: [] };
  if (!visible) return { ...base, problem: 'no NVIDIA GPU is visible (no nvidia-smi, no /proc/driver/nvidia)' };
  const where = gpus.length > 0 ? `${gpus.join(', ')}${driver === null ? '' : `, driver ${driver}`}` : `driver ${driver ?? 'unknown'}`;
  if (!((probe.platform === 'linux' || probe.platform === 'win32') && probe.arch === 'x64')) {
    return { ...base, problem: `NVIDIA GPU found (${where}), but tfjs-node-gpu 4.22 has GPU builds for Linux x64 and Windows x64 only, not ${probe.platform} ${probe.arch}` };
  }
  const find = libraryFinder(probe);
  const found: GpuCheck['found'] = [];
  const missing: MissingLibrary[] = [];
  for (const lib of CUDA_LIBRARIES) {
    const path = find(lib);
    const name = probe.platform === 'win32' ? lib.windows : lib.linux;
    if (path === null) missing.push({ library: name, from: lib.from });
    else found.push({ library: name, path });
  }
  const oldDriver = driverTooOld(driver, probe.platform);
  let problem: string | null = null;
  if (missing.length > 0) {
    problem = `NVIDIA GPU found (${where}), but ${missing.map((m) => `${m.library} (${m.from})`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${installHint(missing, probe.platform)}`;
  } else if (oldDriver !== null) {
    problem = `NVIDIA GPU found (${where}), but CUDA 11.2 needs driver ≥ ${oldDriver}: update the NVIDIA driver`;
  }
  return { visible, gpus, driver, found, missing, problem };
}
