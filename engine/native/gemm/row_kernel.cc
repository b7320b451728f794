#include "gemm/row_kernel.h"

#include <algorithm>

namespace layerloom {
namespace {

// out[r][v] = init + Σ_ky Σ_k a[ky·rs + r·as + k] · wt[ky][k][v]  for R output columns and
// V vectors of 8 channels; the accumulators stay in registers across the whole window.
template <int R, int V>
struct ConvRows {
  static void run(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, float* out) {
    v8 acc[R][V];
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] = load8(out + r * co8 + v * L);
    for (int ky = 0; ky < kh; ky++) {
      const float* ar = a + ky * rs;
      const float* wr = wt + static_cast<long>(ky) * k * co8;
      for (int i = 0; i < k; i++) {
        v8 wv[V];
        _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) wv[v] = load8(wr + i * co8 + v * L);
        _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
          v8 av = splat(ar[r * as + i]);
          _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] += av * wv[v];
        }
      }
    }
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) store8(out + r * co8 + v * L, acc[r][v]);
  }
};

}  // namespace

void convRow(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, int ow, float* out) {
  int v = 0;
  for (; v + 2 * L <= co8; v += 2 * L) {
    for (int x = 0; x < ow; x += 6)
      withRows<2, ConvRows>(std::min(6, ow - x), a + x * as, rs, as, wt + v, co8, kh, k, out + x * co8 + v);
  }
  for (; v < co8; v += L) {
    for (int x = 0; x < ow; x += 8)
      withRows<1, ConvRows>(std::min(8, ow - x), a + x * as, rs, as, wt + v, co8, kh, k, out + x * co8 + v);
  }
}

}  // namespace layerloom
