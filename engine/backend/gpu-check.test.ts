import { describe, expect, it } from 'vitest';
import { checkGpu, CUDA_LIBRARIES, type GpuProbe } from './gpu-check.js';

const ALL_LINUX = CUDA_LIBRARIES.map((l) => l.linux);

/** A Linux x64 machine with the given files, commands' outputs and /proc text. */
function machine(options: { smi?: string | null; proc?: string | null; files?: string[]; ldconfig?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; arch?: string }): GpuProbe {
  const files = new Set(options.files ?? []);
  return {
    platform: options.platform ?? 'linux',
    arch: options.arch ?? 'x64',
    env: options.env ?? {},
    exists: (p) => files.has(p),
    readText: (p) => (p === '/proc/driver/nvidia/version' ? (options.proc ?? null) : null),
    run: (command) => {
      if (command === 'nvidia-smi') return options.smi ?? null;
      if (command === 'ldconfig') return options.ldconfig ?? '';
      return null;
    },
  };
}

const SMI = 'NVIDIA GeForce RTX 3060, 535.104.05\n';
const cudaIn = (dir: string, except: string[] = []) => ALL_LINUX.filter((l) => !except.includes(l)).map((l) => `${dir}/${l}`);

describe('checkGpu', () => {
  it('says no GPU is visible where there is no nvidia-smi and no driver in /proc', () => {
    const check = checkGpu(machine({}));
    expect(check).toMatchObject({ visible: false, gpus: [], missing: [] });
    expect(check.problem).toMatch(/no NVIDIA GPU is visible/);
  });

  it('finds every library in LD_LIBRARY_PATH, the CUDA folder or ld.so.cache: nothing in the way', () => {
    const files = [...cudaIn('/opt/cuda/lib64', ['libcuda.so.1', 'libcudnn.so.8']), '/usr/lib/x86_64-linux-gnu/libcuda.so.1'];
    const ldconfig = '\tlibcudnn.so.8 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.8\n';
    const check = checkGpu(machine({ smi: SMI, files, ldconfig, env: { LD_LIBRARY_PATH: '/opt/cuda/lib64' } }));
    expect(check).toMatchObject({ visible: true, gpus: ['NVIDIA GeForce RTX 3060'], driver: '535.104.05', missing: [], problem: null });
    expect(check.found.find((f) => f.library === 'libcudnn.so.8')?.path).toBe('/usr/lib/x86_64-linux-gnu/libcudnn.so.8');
  });

  it('names a missing cuDNN and how to install it', () => {
    const check = checkGpu(machine({ smi: SMI, files: cudaIn('/usr/local/cuda/lib64', ['libcudnn.so.8']) }));
    expect(check.missing).toEqual([{ library: 'libcudnn.so.8', from: 'cuDNN 8.1' }]);
    expect(check.problem).toBe(
      'NVIDIA GPU found (NVIDIA GeForce RTX 3060, driver 535.104.05), but libcudnn.so.8 (cuDNN 8.1) is missing: ' +
        'install cuDNN 8.1 for CUDA 11.2 (libcudnn8=8.1.*-1+cuda11.2) where the loader finds it',
    );
  });

  it('treats CUDA 12 as missing CUDA 11: its libraries have other sonames', () => {
    const cuda12 = ['libcuda.so.1', 'libcudart.so.12', 'libcublas.so.12', 'libcudnn.so.8'].map((l) => `/usr/local/cuda/lib64/${l}`);
    const check = checkGpu(machine({ smi: SMI, files: cuda12 }));
    expect(check.missing.map((m) => m.library)).toEqual(['libcudart.so.11.0', 'libcublas.so.11', 'libcublasLt.so.11', 'libcufft.so.10', 'libcurand.so.10', 'libcusolver.so.11', 'libcusparse.so.11']);
    expect(check.problem).toMatch(/are missing: install the CUDA 11\.2 toolkit/);
  });

  it('sees a GPU from /proc alone (no nvidia-smi) and flags a driver too old for CUDA 11.2', () => {
    const proc = 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  418.56  Fri Mar 15 12:59:26 CDT 2019\n';
    const check = checkGpu(machine({ proc, files: cudaIn('/usr/local/cuda/lib64') }));
    expect(check).toMatchObject({ visible: true, gpus: [], driver: '418.56' });
    expect(check.problem).toBe('NVIDIA GPU found (driver 418.56), but CUDA 11.2 needs driver ≥ 450.80.02: update the NVIDIA driver');
  });

  it('says the GPU build does not exist for the platform (Apple silicon, Linux arm64)', () => {
    const check = checkGpu(machine({ smi: SMI, arch: 'arm64' }));
    expect(check.problem).toMatch(/GPU builds for Linux x64 and Windows x64 only, not linux arm64/);
  });

  it('looks for the Windows DLLs on PATH and in CUDA_PATH', () => {
    const cudaBin = 'C:\\CUDA\\v11.2\\bin';
    const files = CUDA_LIBRARIES.filter((l) => l.windows !== 'cudnn64_8.dll').map((l) => `${cudaBin}\\${l.windows}`);
    const check = checkGpu(machine({ smi: SMI, platform: 'win32', files, env: { CUDA_PATH: 'C:\\CUDA\\v11.2' } }));
    expect(check.missing).toEqual([{ library: 'cudnn64_8.dll', from: 'cuDNN 8.1' }]);
    expect(check.problem).toMatch(/put its bin folder on PATH/);
  });
});
