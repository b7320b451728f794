import { describe, expect, it } from 'vitest';
import { maxPoolGradInfo, maxPoolGradNhwc } from './maxpool-grad.js';
import { expectedMaxPoolGrad } from './testing/maxpool-cases.js';
import { maxAbsDiff, pseudoRandom } from './testing/util.js';

describe('maxPoolGradNhwc, 2×2 stride-2 fast path', () => {
  it.each([
    { label: 'NaNs, −∞ and ties', shape: [2, 6, 8, 3] as [number, number, number, number] },
    { label: 'odd sizes (leftover row and column)', shape: [1, 7, 5, 2] as [number, number, number, number] },
  ])('follows the definition (first maximum; NaN never wins; all −∞/NaN passes nothing): $label', ({ shape }) => {
    const x = pseudoRandom(shape.reduce((n, d) => n * d, 1), 3).map((v) => Math.round(v * 2) / 2);
    // Sprinkle NaN and −∞, and make some windows entirely NaN or −∞.
    for (let i = 0; i < x.length; i += 5) x[i] = NaN;
    for (let i = 2; i < x.length; i += 7) x[i] = -Infinity;
    const C = shape[3];
    const rowStride = shape[2] * C;
    for (const at of [0, C, rowStride, rowStride + C]) x[at] = NaN; // window (0,0), channel 0
    for (const at of [1, 1 + C, 1 + rowStride, 1 + rowStride + C]) x[at] = -Infinity; // channel 1
    const info = maxPoolGradInfo(shape, { filterSize: 2, strides: 2, pad: 'valid' });
    const dy = pseudoRandom(shape[0] * info.outHeight * info.outWidth * C, 9);
    const dx = new Float32Array(x.length);
    maxPoolGradNhwc(x, dy, dx, info);
    const expected = expectedMaxPoolGrad(x, shape, dy, 2, 2, 'valid');
    expect(maxAbsDiff(dx, expected)).toBe(0);
    expect(dx.some(Number.isNaN)).toBe(false);
  });
});
