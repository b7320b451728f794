// Filter gradient: per image and kernel row, a register-blocked sum over the whole image of
// x-window × dy (the row micro-kernel's transpose); each thread keeps its own accumulator,
// summed in a fixed order after.
#include <algorithm>
#include <vector>

#include "common/thread_pool.h"
#include "conv/conv.h"
#include "conv/padded_image.h"
#include "gemm/row_kernel.h"

namespace layerloom {
namespace {

// acc[r][v] += Σ_oy Σ_ox a[oy·rs + ox·as + r] · d[oy][ox][v]  for R consecutive entries of a
// filter row's K and V vectors of 8 channels: the sum over a whole image in registers.
template <int R, int V>
inline void filterGradRows(const float* a, int rs, int as, const float* d, int co8, int oh, int ow, float* acc) {
  v8 s[R][V];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) s[r][v] = load8(acc + r * co8 + v * L);
  for (int oy = 0; oy < oh; oy++) {
    const float* ar = a + oy * rs;
    const float* dr = d + static_cast<size_t>(oy) * ow * co8;
    for (int xo = 0; xo < ow; xo++) {
      v8 dv[V];
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) dv[v] = load8(dr + xo * co8 + v * L);
      _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
        v8 av = splat(ar[xo * as + r]);
        _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) s[r][v] += av * dv[v];
      }
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) store8(acc + r * co8 + v * L, s[r][v]);
}

template <int R, int V>
struct FilterGradRows {
  static void run(const float* a, int rs, int as, const float* d, int co8, int oh, int ow, float* acc) {
    filterGradRows<R, V>(a, rs, as, d, co8, oh, ow, acc);
  }
};

// dW[ky] (k × co8) += Σ over one image, blocked like convRow.
void filterGradKernelRow(const float* a, int rs, int as, const float* d, int co8, int k, int oh, int ow, float* acc) {
  int v = 0;
  for (; v + 2 * L <= co8; v += 2 * L) {
    for (int i = 0; i < k; i += 6)
      withRows<2, FilterGradRows>(std::min(6, k - i), a + i, rs, as, d + v, co8, oh, ow, acc + i * co8 + v);
  }
  for (; v < co8; v += L) {
    for (int i = 0; i < k; i += 8)
      withRows<1, FilterGradRows>(std::min(8, k - i), a + i, rs, as, d + v, co8, oh, ow, acc + i * co8 + v);
  }
}

}  // namespace

void convFilterGrad(const Conv& c, const float* x, const float* dy, float* dw) {
  const int co8 = roundUp(c.co, L);
  const int k = c.k();
  const size_t accSize = static_cast<size_t>(c.kh) * k * co8;
  const int tasks = std::min(c.n, pool().threads());
  std::vector<std::vector<float>> partial(std::max(tasks, 1), std::vector<float>(accSize, 0.f));
  parallelChunks(c.n, [&](int t, int from, int to) {
    std::vector<float>& acc = partial[t];
    PaddedImage img(c);
    std::vector<float> d(static_cast<size_t>(c.oh) * c.ow * co8, 0.f);
    for (int b = from; b < to; b++) {
      img.fill(c, x, b);
      const float* src = dy + static_cast<size_t>(b) * c.oh * c.ow * c.co;
      for (int p = 0; p < c.oh * c.ow; p++)
        for (int ch = 0; ch < c.co; ch++) d[static_cast<size_t>(p) * co8 + ch] = src[static_cast<size_t>(p) * c.co + ch];
      for (int ky = 0; ky < c.kh; ky++) {
        filterGradKernelRow(&img.data[static_cast<size_t>(ky) * img.rowStride], c.sh * img.rowStride, c.sw * c.ci, d.data(), co8,
                            k, c.oh, c.ow, &acc[static_cast<size_t>(ky) * k * co8]);
      }
    }
  });
  for (int r = 0; r < c.kh * k; r++) {
    for (int ch = 0; ch < c.co; ch++) {
      float s = 0.f;
      for (const std::vector<float>& p : partial) s += p[static_cast<size_t>(r) * co8 + ch];
      dw[static_cast<size_t>(r) * c.co + ch] = s;
    }
  }
}

}  // namespace layerloom
