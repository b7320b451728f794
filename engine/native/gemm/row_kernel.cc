#include "gemm/row_kernel.h"

#include <algorithm>

namespace layerloom {
namespace {

// out[r][v] = init + Σ_ky Σ_k a[ky·rs + r·as + k] · wt[ky][k][v]  for R output columns and
// V vectors of L channels; the accumulators stay in registers across the whole window.
template <int R, int V>
struct ConvRows {
  static void run(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, float* out) {
    vf acc[R][V];
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] = loadv(out + r * co8 + v * L);
    for (int ky = 0; ky < kh; ky++) {
      const float* ar = a + ky * rs;
      const float* wr = wt + static_cast<long>(ky) * k * co8;
      for (int i = 0; i < k; i++) {
        vf wv[V];
        _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) wv[v] = loadv(wr + i * co8 + v * L);
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
          vf av = splat(ar[r * as + i]);
          _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] += av * wv[v];
        }
      }
    }
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) storev(out + r * co8 + v * L, acc[r][v]);
  }
};

// Every channel block of the widest blocking that fits, then the next narrower one.
template <int B = 0>
void convBlocks(int v, const float* a, int rs, int as, const float* wt, int co8, int kh, int k, int ow, float* out) {
  constexpr Blocking b = kBlockings[B];
  for (; v + b.vectors * L <= co8; v += b.vectors * L)
    for (int x = 0; x < ow; x += b.rows)
      withRows<b.vectors, ConvRows>(std::min(b.rows, ow - x), a + x * as, rs, as, wt + v, co8, kh, k, out + x * co8 + v);
  if constexpr (B + 1 < kBlockingCount) convBlocks<B + 1>(v, a, rs, as, wt, co8, kh, k, ow, out);
}

}  // namespace

void convRow(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, int ow, float* out) {
  convBlocks(0, a, rs, as, wt, co8, kh, k, ow, out);
}

}  // namespace layerloom
