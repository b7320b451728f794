// Forward convolution: per (image, output row) the shared row micro-kernel over the
// zero-padded image (gemm/row_kernel.h explains why no im2col), bias as the accumulators'
// start value, the activation applied while copying out of the channel-padded row.
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/thread_pool.h"
#include "conv/conv.h"
#include "conv/padded_image.h"
#include "gemm/row_kernel.h"

namespace layerloom {
namespace {

// Filter [kh][kw·ci][co] → [kh][kw·ci][co8] with zero channels up to a multiple of L.
std::vector<float> packFilter(const Conv& c, const float* w, int co8) {
  std::vector<float> p(static_cast<size_t>(c.kh) * c.k() * co8 + L, 0.f);
  for (int r = 0; r < c.kh * c.k(); r++)
    std::memcpy(&p[static_cast<size_t>(r) * co8], w + static_cast<size_t>(r) * c.co, sizeof(float) * c.co);
  return p;
}

}  // namespace

void convForward(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y) {
  if (c.co <= kPlanarMaxChannels && c.sw == 1) {
    convForwardPlanar(c, x, w, bias, act, y);
    return;
  }
  const int co8 = roundUp(c.co, L);
  const int k = c.k();
  const std::vector<float> wp = packFilter(c, w, co8);
  std::vector<float> init(co8, 0.f);
  if (bias != nullptr) std::memcpy(init.data(), bias, sizeof(float) * c.co);
  parallelChunks(c.n, [&](int, int from, int to) {
    PaddedImage img(c);
    std::vector<float> out(static_cast<size_t>(c.ow) * co8);
    for (int b = from; b < to; b++) {
      img.fill(c, x, b);
      for (int oy = 0; oy < c.oh; oy++) {
        for (int xo = 0; xo < c.ow; xo++) storev(&out[static_cast<size_t>(xo) * co8], loadv(init.data()));
        for (int xo = 0; xo < c.ow; xo++)
          for (int v = L; v < co8; v += L) storev(&out[static_cast<size_t>(xo) * co8 + v], loadv(init.data() + v));
        const float* a = &img.data[static_cast<size_t>(oy) * c.sh * img.rowStride];
        convRow(a, img.rowStride, c.sw * c.ci, wp.data(), co8, c.kh, k, c.ow, out.data());
        float* dst = y + (static_cast<size_t>(b) * c.oh + oy) * c.ow * c.co;
        for (int xo = 0; xo < c.ow; xo++) {
          const float* src = &out[static_cast<size_t>(xo) * co8];
          // A loop, not memcpy: a libc call per pixel cost LeNet's 6→16 ~15%.
          if (act.kind == Activation::kLinear) for (int ch = 0; ch < c.co; ch++) dst[xo * c.co + ch] = src[ch];
          else if (act.kind == Activation::kRelu) for (int ch = 0; ch < c.co; ch++) dst[xo * c.co + ch] = std::max(src[ch], 0.f);
          else for (int ch = 0; ch < c.co; ch++) dst[xo * c.co + ch] = act(src[ch]);
        }
      }
    }
  });
}

}  // namespace layerloom
