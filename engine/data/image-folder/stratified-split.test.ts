import { describe, expect, it } from 'vitest';
import { stratifiedHoldOut, stratifiedOrder } from './stratified-split.js';

const labels = [...Array(30).fill(0), ...Array(10).fill(1), ...Array(20).fill(2)] as number[];

describe('stratified splits', () => {
  it('orders images so any tail keeps the class shares', () => {
    const order = stratifiedOrder(labels, 3, 9);
    expect([...order].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    const tail = order.slice(-12).map((i) => labels[i]);
    expect([0, 1, 2].map((c) => tail.filter((l) => l === c).length)).toEqual([6, 2, 4]);
    expect(stratifiedOrder(labels, 3, 9)).toEqual(order);
    expect(stratifiedOrder(labels, 3, 10)).not.toEqual(order);
  });

  it('holds out the same share of every class, at least one each', () => {
    const { train, test } = stratifiedHoldOut(labels, 3, 0.2, 4);
    expect(train.length + test.length).toBe(60);
    expect([0, 1, 2].map((c) => test.filter((i) => labels[i] === c).length)).toEqual([6, 2, 4]);
    expect(stratifiedHoldOut([0, 0, 1, 1], 2, 0.01, 4).test).toHaveLength(2);
  });
});
