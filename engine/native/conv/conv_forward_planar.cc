// Forward convolution for few output channels (≤ kPlanarMaxChannels) at column stride 1, such
// as a first layer's 3→6: the vector lanes are L neighbouring output columns instead of channels. The
// channel-vector kernel would leave lanes empty and feed each broadcast input value to a
// single FMA; here one load of L input columns feeds every output channel, and several
// output rows share each weight broadcast. The image is copied channel-planar (zero border) first.
// Tried: the same layout for the filter gradient (lanes summed per image): slower on LeNet's
// 3→6, 1.3–2.0 → 2.0–2.4 ms, each tap's pass over the whole image's planes missing L1.
#include <algorithm>
#include <vector>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "conv/conv.h"
#include "conv/planar_image.h"

namespace layerloom {
namespace {

// Output rows oy … oy+R−1, columns ox … ox+L−1 (past ow are computed and dropped).
template <int CO, int R>
void tile(const Conv& c, const PlanarImage& img, const float* w, const float* bias, Activation act, int oy, int ox, float* yb) {
  const int pitch = img.pitch;
  vf acc[R][CO];
  _Pragma("GCC unroll 8") for (int o = 0; o < CO; o++) {
    const vf b = splat(bias != nullptr ? bias[o] : 0.f);
    _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) acc[r][o] = b;
  }
  for (int ky = 0; ky < c.kh; ky++)
    for (int i = 0; i < c.ci; i++) {
      const float* row = img.plane(i) + static_cast<size_t>(oy * c.sh + ky) * pitch + ox;
      for (int kx = 0; kx < c.kw; kx++) {
        vf xv[R];
        _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) xv[r] = loadv(row + static_cast<size_t>(r) * c.sh * pitch + kx);
        const float* wk = w + (static_cast<size_t>(ky * c.kw + kx) * c.ci + i) * CO;
        _Pragma("GCC unroll 8") for (int o = 0; o < CO; o++) {
          const vf wv = splat(wk[o]);
          _Pragma("GCC unroll 8") for (int r = 0; r < R; r++) acc[r][o] += xv[r] * wv;
        }
      }
    }
  const int cols = std::min(L, c.ow - ox);
  for (int r = 0; r < R && oy + r < c.oh; r++) {
    float* dst = yb + (static_cast<size_t>(oy + r) * c.ow + ox) * CO;
    for (int p = 0; p < cols; p++)
      _Pragma("GCC unroll 8") for (int o = 0; o < CO; o++) dst[p * CO + o] = act(acc[r][o][p]);
  }
}

template <int CO>
void forward(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y) {
  // Rows per tile: R·CO accumulators + R inputs + a weight fit 16 registers, with enough
  // independent accumulators (≥ 9) to hide the FMA latency where CO alone has too few.
  constexpr int R = CO == 1 ? 7 : CO == 2 ? 5 : CO <= 4 ? 3 : CO <= 6 ? 2 : 1;
  const int rows = (roundUp(c.oh, R) - 1) * c.sh + c.kh;  // the last block's second row included
  parallelChunks(c.n, [&](int, int from, int to) {
    PlanarImage img(c, rows);
    for (int b = from; b < to; b++) {
      img.fill(c, x, b);
      float* yb = y + static_cast<size_t>(b) * c.oh * c.ow * CO;
      for (int oy = 0; oy < c.oh; oy += R)
        for (int ox = 0; ox < c.ow; ox += L) tile<CO, R>(c, img, w, bias, act, oy, ox, yb);
    }
  });
}

}  // namespace

void convForwardPlanar(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y) {
  switch (c.co) {
    case 1: forward<1>(c, x, w, bias, act, y); break;
    case 2: forward<2>(c, x, w, bias, act, y); break;
    case 3: forward<3>(c, x, w, bias, act, y); break;
    case 4: forward<4>(c, x, w, bias, act, y); break;
    case 5: forward<5>(c, x, w, bias, act, y); break;
    case 6: forward<6>(c, x, w, bias, act, y); break;
    case 7: forward<7>(c, x, w, bias, act, y); break;
    default: forward<8>(c, x, w, bias, act, y); break;
  }
}

}  // namespace layerloom
