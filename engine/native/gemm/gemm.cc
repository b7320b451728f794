// B packed once per matrix as [k][n8] (zero-padded to 8 columns, as the conv kernels read
// filters); rows of A split into blocks across the pool; each block runs the shared row
// micro-kernel with one "kernel row" of depth k.
#include "gemm/gemm.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "common/thread_pool.h"
#include "gemm/row_kernel.h"

namespace layerloom {

void gemm(const Gemm& g, const float* a, const float* b, float* c) {
  const int n8 = roundUp(g.n, L);
  const size_t sizeA = static_cast<size_t>(g.m) * g.k, sizeB = static_cast<size_t>(g.k) * g.n;
  // Row blocks of 48 keep both threads busy for small batches and the block's output in L1.
  const int tasks = std::min((g.m + 47) / 48, pool().threads() * 4);
  std::vector<float> packedB;
  for (int z = 0; z < g.batch; z++) {
    const float* az = a + (g.broadcastA ? 0 : sizeA * z);
    const float* bz = b + (g.broadcastB ? 0 : sizeB * z);
    if (z == 0 || !g.broadcastB) {
      packedB.assign(static_cast<size_t>(g.k) * n8 + L, 0.f);
      for (int i = 0; i < g.k; i++)
        for (int j = 0; j < g.n; j++)
          packedB[static_cast<size_t>(i) * n8 + j] = g.transB ? bz[static_cast<size_t>(j) * g.k + i] : bz[static_cast<size_t>(i) * g.n + j];
    }
    float* cz = c + static_cast<size_t>(g.m) * g.n * z;
    pool().run(tasks, [&](int t) {
      const int from = static_cast<int>(static_cast<long long>(g.m) * t / tasks);
      const int to = static_cast<int>(static_cast<long long>(g.m) * (t + 1) / tasks);
      if (from >= to) return;
      const int rows = to - from;
      std::vector<float> out(static_cast<size_t>(rows) * n8, 0.f);
      std::vector<float> rowsA;
      const float* ar = az + static_cast<size_t>(from) * g.k;
      if (g.transA) {  // op(A) rows are A's columns: gather them once
        rowsA.resize(static_cast<size_t>(rows) * g.k + L);
        for (int r = 0; r < rows; r++)
          for (int i = 0; i < g.k; i++) rowsA[static_cast<size_t>(r) * g.k + i] = az[static_cast<size_t>(i) * g.m + from + r];
        ar = rowsA.data();
      }
      convRow(ar, 0, g.k, packedB.data(), n8, 1, g.k, rows, out.data());
      for (int r = 0; r < rows; r++)
        for (int j = 0; j < g.n; j++) cz[static_cast<size_t>(from + r) * g.n + j] = out[static_cast<size_t>(r) * n8 + j];
    });
  }
}

}  // namespace layerloom
