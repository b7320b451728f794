// `layerloom doctor`: what this machine can train on and why, in one screen — every backend
// with why it loads or not, the GPU and its CUDA libraries, the native kernels, the dataset,
// and the Python used to check PyTorch exports. Nothing here changes anything.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '../tf.js';
import { checkGpu, GPU_REQUIREMENTS, type GpuCheck } from '../backend/gpu-check.js';
import { addonPathOf } from '../backend/native.js';
import { loadNativeKernels } from '../backend/native-kernels.js';
import { probeBackends } from '../backend/select.js';
import type { BackendName } from '../backend/types.js';
import type { RequestResult } from '../host/contract.js';
import { describeBackend } from '../backend/describe.js';
import { EngineHost } from '../host/engine-host.js';
import { findTorchPython } from '../export/pytorch/run-predict.js';
import type { CliIo } from './io.js';

const require = createRequire(import.meta.url);

interface TensorflowBuild {
  package: string;
  version: string | null;
  addon: string | null;
  /** What `npm run setup:tensorflow` built it against, where it did. */
  builtFrom: string | null;
  /** libtensorflow's own version, where it loaded. */
  libtensorflow: string | null;
}

function tensorflowBuild(pkg: string, loaded: boolean): TensorflowBuild | null {
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    return null;
  }
  const root = join(dirname(entry), '..');
  const read = (file: string) => {
    try {
      return JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  const stamp = read('deps/layerloom-setup.json');
  const backend = loaded ? (tf.findBackend('tensorflow') as unknown as { binding?: { TF_Version?: string } } | null) : null;
  return {
    package: pkg,
    version: (read('package.json')?.version as string | undefined) ?? null,
    addon: addonPathOf(entry),
    builtFrom: typeof stamp?.describe === 'string' ? stamp.describe : null,
    libtensorflow: backend?.binding?.TF_Version ?? null,
  };
}

function pythonForExports(): { python: string | null; detail: string } {
  const found = findTorchPython();
  if (!found.ok) return { python: null, detail: found.reason };
  const probe = spawnSync(found.python, ['-c', 'import sys, torch, numpy; print(sys.version.split()[0], torch.__version__, numpy.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  const [py, torch, numpy] = probe.stdout.trim().split(' ');
  return { python: found.python, detail: probe.status === 0 ? `Python ${py}, torch ${torch}, numpy ${numpy}` : 'torch imports, versions unknown' };
}

export interface DoctorReport {
  engine: { node: string; platform: string; arch: string; cpus: number };
  backends: ({ name: BackendName; ok: true; detail: string } | { name: BackendName; ok: false; reason: string })[];
  tensorflow: TensorflowBuild[];
  gpu: GpuCheck & { requirements: string };
  nativeKernels: { ok: true; path: string; threads: number } | { ok: false; reason: string };
  dataset: RequestResult<'dataset.status'>;
  python: { python: string | null; detail: string };
}

export async function doctorReport(options: { data?: string }): Promise<DoctorReport> {
  const probes = await probeBackends();
  const loaded = probes.some((p) => p.ok && (p.name === 'tensorflow' || p.name === 'tensorflow-gpu'));
  const builds = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].map((p) => tensorflowBuild(p, loaded)).filter((b): b is TensorflowBuild => b !== null);
  const kernels = loadNativeKernels();
  const host = new EngineHost(options.data !== undefined ? { dataDir: options.data } : {});
  try {
    return {
      engine: { node: process.version, platform: process.platform, arch: process.arch, cpus: availableParallelism() },
      backends: probes.map((p) => (p.ok ? { name: p.name, ok: true as const, detail: describeBackend(p.report).replace(/^Backend: \S+ /, '').replace(/\.$/, '') } : { name: p.name, ok: false as const, reason: p.reason })),
      tensorflow: builds,
      gpu: { ...checkGpu(), requirements: GPU_REQUIREMENTS },
      nativeKernels: kernels.ok ? { ok: true, path: kernels.path, threads: kernels.kernels.threads() } : { ok: false, reason: kernels.reason },
      dataset: await host.request('dataset.status', options.data !== undefined ? { dir: options.data } : {}),
      python: pythonForExports(),
    };
  } finally {
    host.dispose();
  }
}

function lines(r: DoctorReport): string[] {
  const out = [`Layerloom doctor — Node ${r.engine.node}, ${r.engine.platform} ${r.engine.arch}, ${r.engine.cpus} CPUs`, '', 'Backends (a run times the ones that load on its model and takes the fastest):'];
  for (const b of r.backends) out.push(b.ok ? `  ✓ ${b.name.padEnd(15)}loads ${b.detail}` : `  ✗ ${b.name.padEnd(15)}${b.reason}`);
  for (const t of r.tensorflow) {
    out.push(`  ${t.package}@${t.version ?? '?'}: addon ${t.addon ?? 'unknown'}${t.libtensorflow ? `, libtensorflow ${t.libtensorflow}` : ''}` +
      `${t.builtFrom ? `, built by npm run setup:tensorflow from ${t.builtFrom}` : ''}`);
  }
  if (!r.tensorflow.some((t) => t.package === '@tensorflow/tfjs-node')) out.push('  (no @tensorflow/tfjs-node: npm run setup:tensorflow builds one against a pip TensorFlow)');
  out.push('', `GPU: ${r.gpu.visible ? `${r.gpu.gpus.join(', ') || 'NVIDIA driver loaded'}${r.gpu.driver ? `, driver ${r.gpu.driver}` : ''}` : 'none visible (no nvidia-smi, no /proc/driver/nvidia)'}`);
  if (r.gpu.visible) {
    for (const f of r.gpu.found) out.push(`  ✓ ${f.library} ${f.path}`);
    for (const m of r.gpu.missing) out.push(`  ✗ ${m.library} missing (${m.from})`);
    out.push(`  ${r.gpu.problem ?? 'CUDA libraries in place for @tensorflow/tfjs-node-gpu'}`);
  }
  out.push(`  requirements: ${r.gpu.requirements}`);
  out.push('', `Native kernels: ${r.nativeKernels.ok ? `on, ${r.nativeKernels.threads} threads (${r.nativeKernels.path})` : `off — ${r.nativeKernels.reason}`}`);
  const d = r.dataset;
  out.push(`Dataset: ${d.found ? `${d.dir} (from ${d.from}): ${d.trainCount} training + ${d.testCount} test images` : `${d.problem} ${d.fix}`}`);
  out.push(`Python for export checks: ${r.python.python ? `${r.python.python} (${r.python.detail})` : r.python.detail}`);
  return out;
}

export async function doctorCommand(options: { data?: string; json: boolean }, io: CliIo): Promise<number> {
  const report = await doctorReport(options);
  if (options.json) io.out(JSON.stringify(report));
  else for (const line of lines(report)) io.out(line);
  return 0;
}
