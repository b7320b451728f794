import { describe, expect, it } from 'vitest';
import type { Schedule } from './schema.js';
import { learningRateAt, learningRateCurve } from './learning-rate.js';

const schedule = (over: Partial<Schedule>): Schedule => ({ kind: 'constant', warmupEpochs: 0, stepEpochs: 10, stepFactor: 0.1, ...over });
const run = { learningRate: 0.2, stepsPerEpoch: 10, epochs: 10 }; // 100 steps

describe('learning-rate schedules', () => {
  it('constant stays at the peak; warm-up rises linearly to it first', () => {
    expect([0, 50, 99].map((s) => learningRateAt(schedule({}), run, s))).toEqual([0.2, 0.2, 0.2]);
    const warm = schedule({ warmupEpochs: 2 });
    expect(learningRateAt(warm, run, 0)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(warm, run, 9)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(warm, run, 19)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(warm, run, 20)).toBe(0.2);
  });

  it('step multiplies by the factor every stepEpochs epochs', () => {
    const s = schedule({ kind: 'step', stepEpochs: 3, stepFactor: 0.5 });
    expect(learningRateAt(s, run, 29)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(s, run, 30)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(s, run, 60)).toBeCloseTo(0.05, 12);
    expect(learningRateAt(s, run, 99)).toBeCloseTo(0.025, 12);
  });

  it('cosine falls from the peak to 0 at the last step, after its warm-up', () => {
    const s = schedule({ kind: 'cosine', warmupEpochs: 1 });
    expect(learningRateAt(s, run, 4)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(s, run, 10)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(s, run, 55)).toBeCloseTo(0.1, 12); // half-way through 10..100
    expect(learningRateAt(s, run, 100)).toBeCloseTo(0, 12);
    expect(learningRateAt(schedule({ kind: 'cosine' }), run, 25)).toBeCloseTo(0.2 * 0.5 * (1 + Math.cos(Math.PI / 4)), 12);
  });

  // Expected values printed by PyTorch 2.13: OneCycleLR(max_lr=0.2, total_steps=100[, pct_start=0.1]).
  it('one-cycle follows PyTorch’s OneCycleLR, with warm-up as its rise', () => {
    const s = schedule({ kind: 'onecycle' });
    const torch = { 0: 0.008, 1: 0.00856276, 10: 0.05903279, 29: 0.2, 30: 0.19989931, 50: 0.15877869, 99: 8e-7 };
    for (const [step, lr] of Object.entries(torch)) expect(learningRateAt(s, run, Number(step))).toBeCloseTo(lr, 7);
    const warm = schedule({ kind: 'onecycle', warmupEpochs: 1 });
    const torchPct01 = { 0: 0.008, 1: 0.01378951, 5: 0.12067023, 9: 0.2, 10: 0.19993908, 50: 0.11391765, 99: 8e-7 };
    for (const [step, lr] of Object.entries(torchPct01)) expect(learningRateAt(warm, run, Number(step))).toBeCloseTo(lr, 7);
  });

  it('samples a curve that ends on the last step', () => {
    const curve = learningRateCurve(schedule({ kind: 'cosine' }), run, 7);
    expect(curve.length).toBeLessThanOrEqual(8);
    expect(curve.at(-1)?.step).toBe(99);
    expect(curve[0]?.lr).toBe(0.2);
  });
});
