import { describe, expect, it } from 'vitest';
import type { BenchRow } from './report.js';
import { benchRowSchema, formatRate, formatRatio, formatTable } from './report.js';

const training = { batchSize: 64, optimizer: 'adam' as const, learningRate: 0.001, momentum: 0.9 };
const layerloom = (median: number, min: number, max: number): NonNullable<BenchRow['layerloom']> => ({
  imagesPerSec: { median, min, max }, runs: [min, median, max], firstBatchSeconds: 1.52, peakRssMB: 1234, eventLoopLagMs: 12.5,
  backend: 'wasm', nativeKernels: true, threads: 2, trainableParams: 62006,
});
const twin = (median: number, min: number, max: number): NonNullable<BenchRow['reference']> => ({
  kind: 'pytorch-twin', python: '/repo/.venv/bin/python', torch: '2.13.0+cpu', threads: 2, trainableParams: 62006,
  imagesPerSec: { median, min, max }, runs: [min, median, max], firstBatchSeconds: 3.1, peakRssMB: 900,
});
const base = { training, repeats: 3, batchesPerRepeat: 50, warmupBatches: 5, machine: { cores: 2, loadBefore: 0.4, loadAfter: 1.9 }, notes: [] as string[] };
const rows: BenchRow[] = [
  { ...base, network: 'LeNet', source: 'lenet', layerloom: layerloom(7086, 6500, 7400), reference: twin(9104, 8800, 9700), ratio: { median: 0.78, min: 0.7, max: 0.81, runs: [0.7, 0.78, 0.81] } },
  { ...base, network: 'ResNet-mini', source: 'resnet-mini', layerloom: layerloom(71, 67, 74), reference: null, ratio: null, notes: ['no reference: stopped early: the PyTorch twin exited (code 1)'] },
  { ...base, network: 'Broken', source: 'broken.layerloom.json', layerloom: null, reference: null, ratio: null, notes: ['Layerloom could not train it: out of memory'] },
];

describe('the benchmark table', () => {
  it('writes rates as median (min–max) with thousands separators, and ratios to two decimals', () => {
    expect(formatRate({ median: 7086.4, min: 6500.2, max: 12000 })).toBe('7,086 (6,500–12,000)');
    expect(formatRatio({ median: 1.2345, min: 0.9, max: 1.5 })).toBe('1.23 (0.90–1.50)');
  });

  it('prints one row per network with both sides, the ratio, first batch, peak RSS and lag, and says how it was measured', () => {
    const text = formatTable(rows);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^network\s+batch\s+Layerloom img\/s median \(min–max\)\s+PyTorch 2\.13\.0\+cpu img\/s\s+× PyTorch \(min–max\)\s+first batch\s+peak RSS\s+lag ≤$/);
    expect(lines.find((l) => l.startsWith('LeNet'))).toMatch(/^LeNet\s+64\s+7,086 \(6,500–7,400\)\s+9,104 \(8,800–9,700\)\s+0\.78 \(0\.70–0\.81\)\s+1\.52 s\s+1,234 MB\s+12\.5 ms$/);
    expect(lines.find((l) => l.startsWith('ResNet-mini'))).toMatch(/71 \(67–74\)\s+—\s+—/);
    expect(lines.find((l) => l.startsWith('Broken'))).toMatch(/^Broken\s+64\s+failed/);
    expect(text).toContain('Layerloom on wasm + native kernels, 2 thread(s) · PyTorch 2.13.0+cpu (/repo/.venv/bin/python) on the same graph, torch.set_num_threads(2)');
    expect(text).toContain('Adam lr 0.001, batch 64; 3 alternating repeat(s) of 50 batches per side after 5 warm-up batches.');
    expect(text).toContain('ResNet-mini: no reference: stopped early');
    expect(text).toContain('Broken: Layerloom could not train it: out of memory');
  });

  it('warns when other programs were computing during a row', () => {
    expect(formatTable(rows)).not.toContain('busy machine');
    const busy: BenchRow = { ...rows[0] as BenchRow, machine: { cores: 2, loadBefore: 1.5, loadAfter: 7.94 } };
    expect(formatTable([busy])).toContain('busy machine (1-minute load average above the core count): LeNet 1.5 → 7.9 on 2 cores');
  });

  it('names an external command as the reference rather than PyTorch', () => {
    const row: BenchRow = { ...rows[0] as BenchRow, reference: { kind: 'command', command: 'python3 lenet.py', imagesPerSec: { median: 9000, min: 9000, max: 9000 }, runs: [9000] } };
    const text = formatTable([row]);
    expect(text.split('\n')[0]).toMatch(/reference img\/s\s+× reference/);
    expect(text).toContain('reference: python3 lenet.py');
  });

  it('describes SGD with its momentum', () => {
    const row: BenchRow = { ...rows[0] as BenchRow, training: { ...training, optimizer: 'sgd', batchSize: 100 } };
    expect(formatTable([row])).toContain('SGD lr 0.001 momentum 0.9, batch 100;');
  });

  it('survives the trip through JSON that --all makes from each row process, and refuses a mangled row', () => {
    for (const row of rows) expect(benchRowSchema.parse(JSON.parse(JSON.stringify(row)))).toEqual(row);
    expect(benchRowSchema.safeParse({ ...rows[0], ratio: 'fast' }).success).toBe(false);
  });
});
