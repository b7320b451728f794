import { describe, expect, it } from 'vitest';
import { expandPython, parseReferenceRate, runReference } from './reference.js';
import { pairedRatios, spread } from './stats.js';

describe('benchmark helpers', () => {
  it('reads the reference speed from the last JSON line that has one', () => {
    const pytorch = ['loading…', '{"epoch": 1, "ips": 3424.6}', '{"summary": true, "mean_ips": 3724.3}'].join('\n');
    expect(parseReferenceRate(pytorch)).toBe(3724.3);
    expect(parseReferenceRate('{"type":"epoch","imagesPerSec":900}\n')).toBe(900);
    expect(parseReferenceRate('no json here\n{"broken": \n')).toBeNull();
  });

  it('runs a reference command and reports a failing one with its exit code', async () => {
    await expect(runReference(`${JSON.stringify(process.execPath)} -e "console.log(JSON.stringify({ips: 42}))"`)).resolves.toBe(42);
    await expect(runReference(`${JSON.stringify(process.execPath)} -e "process.exit(3)"`)).rejects.toThrow(/exited with 3/);
  });

  it('puts the engine-wide Python in for {python}, or says why there is none', () => {
    expect(expandPython('{python} lenet.py --epochs 1', () => ({ ok: true, python: '/p/.venv/bin/python', versions: {} }))).toBe('"/p/.venv/bin/python" lenet.py --epochs 1');
    expect(expandPython('/usr/bin/python3 x.py', () => { throw new Error('not called'); })).toBe('/usr/bin/python3 x.py');
    expect(() => expandPython('{python} x.py', () => ({ ok: false, reason: 'no Python with torch (tried python3: …); run `npm run setup:python`' })))
      .toThrow(/--reference uses \{python\}, but no Python with torch .*npm run setup:python/);
  });

  it('summarises repeats as median, min and max', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spread([7])).toEqual({ median: 7, min: 7, max: 7 });
  });

  it('divides each of our repeats by the reference repeat it alternated with', () => {
    expect(pairedRatios([100, 300, 200], [50, 100, 400])).toEqual([2, 3, 0.5]);
    // The median of the pair ratios is not the ratio of the medians: a slow spell hits both sides of a pair.
    expect(spread(pairedRatios([100, 300, 200], [50, 100, 400])).median).toBe(2);
    expect(spread([100, 300, 200]).median / spread([50, 100, 400]).median).toBe(2);
    expect(() => pairedRatios([1, 2], [1])).toThrow(/alternate in pairs/);
  });
});
