// The definitions, for tests: straight loops over the unpadded image, double accumulators.
#include <algorithm>
#include <vector>

#include "conv/conv.h"

namespace layerloom {

bool Conv::valid() const {
  if (n < 1 || h < 1 || w < 1 || ci < 1 || kh < 1 || kw < 1 || co < 1) return false;
  if (sh < 1 || sw < 1 || oh < 1 || ow < 1) return false;
  if (pt < 0 || pl < 0 || pt >= kh || pl >= kw) return false;
  return (oh - 1) * sh - pt < h && (ow - 1) * sw - pl < w;
}

namespace {

// Calls f(x index, dy index, w index without co) for every input tap of every output pixel.
template <typename F>
void forEachTap(const Conv& c, F f) {
  for (int b = 0; b < c.n; b++)
    for (int oy = 0; oy < c.oh; oy++)
      for (int ox = 0; ox < c.ow; ox++)
        for (int ky = 0; ky < c.kh; ky++) {
          const int iy = oy * c.sh + ky - c.pt;
          if (iy < 0 || iy >= c.h) continue;
          for (int kx = 0; kx < c.kw; kx++) {
            const int ix = ox * c.sw + kx - c.pl;
            if (ix < 0 || ix >= c.w) continue;
            const size_t xi = ((static_cast<size_t>(b) * c.h + iy) * c.w + ix) * c.ci;
            const size_t yi = ((static_cast<size_t>(b) * c.oh + oy) * c.ow + ox) * c.co;
            const size_t wi = (static_cast<size_t>(ky) * c.kw + kx) * c.ci * c.co;
            f(xi, yi, wi);
          }
        }
}

}  // namespace

void convForwardRef(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y) {
  std::vector<double> acc(c.outputSize(), 0.0);
  forEachTap(c, [&](size_t xi, size_t yi, size_t wi) {
    for (int i = 0; i < c.ci; i++)
      for (int o = 0; o < c.co; o++) acc[yi + o] += static_cast<double>(x[xi + i]) * w[wi + static_cast<size_t>(i) * c.co + o];
  });
  for (size_t p = 0; p < acc.size(); p++) {
    double v = acc[p] + (bias != nullptr ? bias[p % c.co] : 0.f);
    y[p] = act(static_cast<float>(v));
  }
}

void convFilterGradRef(const Conv& c, const float* x, const float* dy, float* dw) {
  std::vector<double> acc(c.filterSize(), 0.0);
  forEachTap(c, [&](size_t xi, size_t yi, size_t wi) {
    for (int i = 0; i < c.ci; i++)
      for (int o = 0; o < c.co; o++) acc[wi + static_cast<size_t>(i) * c.co + o] += static_cast<double>(x[xi + i]) * dy[yi + o];
  });
  for (size_t p = 0; p < acc.size(); p++) dw[p] = static_cast<float>(acc[p]);
}

void convInputGradRef(const Conv& c, const float* dy, const float* w, float* dx) {
  std::vector<double> acc(c.inputSize(), 0.0);
  forEachTap(c, [&](size_t xi, size_t yi, size_t wi) {
    for (int i = 0; i < c.ci; i++)
      for (int o = 0; o < c.co; o++) acc[xi + i] += static_cast<double>(dy[yi + o]) * w[wi + static_cast<size_t>(i) * c.co + o];
  });
  for (size_t p = 0; p < acc.size(); p++) dx[p] = static_cast<float>(acc[p]);
}

}  // namespace layerloom
