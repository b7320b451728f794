// The definition, for tests: straight loops, double accumulators.
#include "gemm/gemm.h"

#include <cstddef>

namespace layerloom {

void gemmRef(const Gemm& g, const float* a, const float* b, float* c) {
  const size_t sizeA = static_cast<size_t>(g.m) * g.k, sizeB = static_cast<size_t>(g.k) * g.n;
  for (int z = 0; z < g.batch; z++) {
    const float* az = a + (g.broadcastA ? 0 : sizeA * z);
    const float* bz = b + (g.broadcastB ? 0 : sizeB * z);
    for (int i = 0; i < g.m; i++)
      for (int j = 0; j < g.n; j++) {
        double s = 0;
        for (int p = 0; p < g.k; p++) {
          const float av = g.transA ? az[static_cast<size_t>(p) * g.m + i] : az[static_cast<size_t>(i) * g.k + p];
          const float bv = g.transB ? bz[static_cast<size_t>(j) * g.k + p] : bz[static_cast<size_t>(p) * g.n + j];
          s += static_cast<double>(av) * bv;
        }
        c[(static_cast<size_t>(z) * g.m + i) * g.n + j] = static_cast<float>(s);
      }
  }
}

}  // namespace layerloom
