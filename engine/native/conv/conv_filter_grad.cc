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
// filter row's K and V vectors of L channels: the sum over a whole image in registers.
template <int R, int V>
inline void filterGradRows(const float* a, int rs, int as, const float* d, int co8, int oh, int ow, float* acc) {
  vf s[R][V];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) s[r][v] = loadv(acc + r * co8 + v * L);
  for (int oy = 0; oy < oh; oy++) {
    const float* ar = a + oy * rs;
    const float* dr = d + static_cast<size_t>(oy) * ow * co8;
    for (int xo = 0; xo < ow; xo++) {
      vf dv[V];
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) dv[v] = loadv(dr + xo * co8 + v * L);
      _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
        vf av = splat(ar[xo * as + r]);
        _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) s[r][v] += av * dv[v];
      }
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) storev(acc + r * co8 + v * L, s[r][v]);
}

template <int R, int V>
struct FilterGradRows {
  static void run(const float* a, int rs, int as, const float* d, int co8, int oh, int ow, float* acc) {
    filterGradRows<R, V>(a, rs, as, d, co8, oh, ow, acc);
  }
};

// dW[ky] (k × co8) += Σ over one image, blocked like convRow.
template <int B = 0>
void filterGradKernelRow(int v, const float* a, int rs, int as, const float* d, int co8, int k, int oh, int ow, float* acc) {
  constexpr Blocking b = kBlockings[B];
  for (; v + b.vectors * L <= co8; v += b.vectors * L)
    for (int i = 0; i < k; i += b.rows)
      withRows<b.vectors, FilterGradRows>(std::min(b.rows, k - i), a + i, rs, as, d + v, co8, oh, ow, acc + i * co8 + v);
  if constexpr (B + 1 < kBlockingCount) filterGradKernelRow<B + 1>(v, a, rs, as, d, co8, k, oh, ow, acc);
}

// acc[o][v] += Σ_oy Σ_ox d[oy][ox][o] · a[oy·rs + ox·as + v·L …]: the transposed blocking
// for few output channels, its lanes running along a kernel row's patch (K = kw·ci, which is
// contiguous in the padded row) and each dy value broadcast.
template <int CO, int KV>
void filterGradByPatch(const float* a, int rs, int as, const float* d, int oh, int ow, float* acc) {
  vf s[CO][KV];
  _Pragma("GCC unroll 8") for (int o = 0; o < CO; o++)
    _Pragma("GCC unroll 4") for (int v = 0; v < KV; v++) s[o][v] = loadv(acc + (o * KV + v) * L);
  for (int oy = 0; oy < oh; oy++) {
    const float* ar = a + static_cast<size_t>(oy) * rs;
    const float* dr = d + static_cast<size_t>(oy) * ow * CO;
    for (int xo = 0; xo < ow; xo++) {
      vf pv[KV];
      _Pragma("GCC unroll 4") for (int v = 0; v < KV; v++) pv[v] = loadv(ar + xo * as + v * L);
      _Pragma("GCC unroll 8") for (int o = 0; o < CO; o++) {
        const vf dv = splat(dr[xo * CO + o]);
        _Pragma("GCC unroll 4") for (int v = 0; v < KV; v++) s[o][v] += dv * pv[v];
      }
    }
  }
  _Pragma("GCC unroll 8") for (int o = 0; o < CO; o++)
    _Pragma("GCC unroll 4") for (int v = 0; v < KV; v++) storev(acc + (o * KV + v) * L, s[o][v]);
}

constexpr int kPatchMaxVectors = 4;

template <int CO>
void filterGradByPatchRow(int kv, const float* a, int rs, int as, const float* d, int oh, int ow, float* acc) {
  switch (kv) {
    case 1: filterGradByPatch<CO, 1>(a, rs, as, d, oh, ow, acc); break;
    case 2: filterGradByPatch<CO, 2>(a, rs, as, d, oh, ow, acc); break;
    case 3: filterGradByPatch<CO, 3>(a, rs, as, d, oh, ow, acc); break;
    default: filterGradByPatch<CO, kPatchMaxVectors>(a, rs, as, d, oh, ow, acc); break;
  }
}

// For co ≤ kPlanarMaxChannels with a patch of at most kPatchMaxVectors vectors, such as a
// first layer's 3→6 5×5 (K = 15): the channel lanes would be mostly padding (6 of 16 with
// AVX-512). Per thread accumulators [kh][co][kv·L], lanes past K dropped.
void convFilterGradByPatch(const Conv& c, const float* x, const float* dy, float* dw) {
  const int k = c.k(), kv = (k + L - 1) / L;
  const size_t rowSize = static_cast<size_t>(c.co) * kv * L;
  const int tasks = std::max(1, std::min(c.n, pool().threads()));
  std::vector<std::vector<float>> partial(tasks, std::vector<float>(c.kh * rowSize, 0.f));
  parallelChunks(c.n, [&](int t, int from, int to) {
    PaddedImage img(c);
    for (int b = from; b < to; b++) {
      img.fill(c, x, b);
      const float* d = dy + static_cast<size_t>(b) * c.oh * c.ow * c.co;
      for (int ky = 0; ky < c.kh; ky++) {
        const float* a = &img.data[static_cast<size_t>(ky) * img.rowStride];
        float* acc = &partial[t][ky * rowSize];
        const int rs = c.sh * img.rowStride, as = c.sw * c.ci;
        switch (c.co) {
          case 1: filterGradByPatchRow<1>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          case 2: filterGradByPatchRow<2>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          case 3: filterGradByPatchRow<3>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          case 4: filterGradByPatchRow<4>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          case 5: filterGradByPatchRow<5>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          case 6: filterGradByPatchRow<6>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          case 7: filterGradByPatchRow<7>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
          default: filterGradByPatchRow<8>(kv, a, rs, as, d, c.oh, c.ow, acc); break;
        }
      }
    }
  });
  for (int ky = 0; ky < c.kh; ky++)
    for (int i = 0; i < k; i++)
      for (int o = 0; o < c.co; o++) {
        float s = 0.f;
        for (const std::vector<float>& p : partial) s += p[ky * rowSize + static_cast<size_t>(o) * kv * L + i];
        dw[(static_cast<size_t>(ky) * k + i) * c.co + o] = s;
      }
}

}  // namespace

void convFilterGrad(const Conv& c, const float* x, const float* dy, float* dw) {
  if (c.co <= kPlanarMaxChannels && c.k() <= kPatchMaxVectors * L) {
    convFilterGradByPatch(c, x, dy, dw);
    return;
  }
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
        filterGradKernelRow(0, &img.data[static_cast<size_t>(ky) * img.rowStride], c.sh * img.rowStride, c.sw * c.ci, d.data(), co8,
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
