// BatchMatMul cases (transposes, batches, a broadcast side), with the product by definition.

export interface MatMulCase {
  a: number[];
  b: number[];
  tA: boolean;
  tB: boolean;
}

export const MATMUL_CASES: MatMulCase[] = [
  { a: [4, 5], b: [4, 6], tA: true, tB: false },
  { a: [5, 4], b: [6, 4], tA: false, tB: true },
  { a: [4, 5], b: [6, 4], tA: true, tB: true },
  { a: [3, 4, 5], b: [3, 6, 4], tA: true, tB: true },
  { a: [3, 5, 4], b: [1, 6, 4], tA: false, tB: true },
  { a: [2, 5, 4], b: [4, 6], tA: false, tB: false },
  { a: [37, 50], b: [50, 23], tA: false, tB: false },
  { a: [50, 37], b: [23, 50], tA: true, tB: true },
];

/** op(a) · op(b) with the batch of a rank-2 or size-1 side broadcast, by index. */
export function expectedMatMul(c: MatMulCase, av: Float32Array, bv: Float32Array): Float64Array {
  const { a, b, tA, tB } = c;
  const ra = a.length;
  const rb = b.length;
  const M = (tA ? a[ra - 1] : a[ra - 2]) as number;
  const K = (tA ? a[ra - 2] : a[ra - 1]) as number;
  const N = (tB ? b[rb - 2] : b[rb - 1]) as number;
  const batchA = ra === 3 ? (a[0] as number) : 1;
  const batchB = rb === 3 ? (b[0] as number) : 1;
  const batch = Math.max(batchA, batchB);
  const expected = new Float64Array(batch * M * N);
  for (let z = 0; z < batch; z++)
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let q = 0; q < K; q++) {
          const aAt = (batchA === 1 ? 0 : z) * M * K + (tA ? q * M + i : i * K + q);
          const bAt = (batchB === 1 ? 0 : z) * K * N + (tB ? j * K + q : q * N + j);
          sum += (av[aAt] as number) * (bv[bAt] as number);
        }
        expected[(z * M + i) * N + j] = sum;
      }
  return expected;
}
