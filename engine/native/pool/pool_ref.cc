// The definitions, for tests: one window at a time, clipped to the image.
#include <cmath>
#include <cstring>
#include <vector>

#include "pool/pool.h"

namespace layerloom {

bool Pool2D::valid() const {
  return n >= 1 && h >= 1 && w >= 1 && c >= 1 && kh >= 1 && kw >= 1 && sh >= 1 && sw >= 1 && oh >= 1 && ow >= 1 && pt >= 0 &&
         pl >= 0 && pt < kh && pl < kw && (oh - 1) * sh - pt < h && (ow - 1) * sw - pl < w;
}

namespace {

// Calls f(x index, y index) for every real pixel of every output pixel's window, channel 0.
template <typename F>
void forEachWindowPixel(const Pool2D& p, F f) {
  for (int b = 0; b < p.n; b++)
    for (int oy = 0; oy < p.oh; oy++)
      for (int ox = 0; ox < p.ow; ox++)
        for (int i = 0; i < p.kh; i++)
          for (int j = 0; j < p.kw; j++) {
            const int iy = oy * p.sh - p.pt + i, ix = ox * p.sw - p.pl + j;
            if (iy < 0 || iy >= p.h || ix < 0 || ix >= p.w) continue;
            f(((static_cast<size_t>(b) * p.h + iy) * p.w + ix) * p.c, ((static_cast<size_t>(b) * p.oh + oy) * p.ow + ox) * p.c);
          }
}

// How many real pixels each output pixel's window holds.
std::vector<int> windowCounts(const Pool2D& p) {
  std::vector<int> count(p.outputSize() / p.c, 0);
  forEachWindowPixel(p, [&](size_t, size_t yi) { count[yi / p.c]++; });
  return count;
}

}  // namespace

void avgPoolGradRef(const Pool2D& p, const float* dy, float* dx) {
  std::vector<double> sum(p.inputSize(), 0.0);
  const std::vector<int> count = windowCounts(p);
  forEachWindowPixel(p, [&](size_t xi, size_t yi) {
    for (int ch = 0; ch < p.c; ch++) sum[xi + ch] += static_cast<double>(dy[yi + ch]) / count[yi / p.c];
  });
  for (size_t i = 0; i < sum.size(); i++) dx[i] = static_cast<float>(sum[i]);
}

void maxPoolRef(const Pool2D& p, const float* x, float* y) {
  std::vector<float> best(p.outputSize(), -HUGE_VALF);
  forEachWindowPixel(p, [&](size_t xi, size_t yi) {
    for (int ch = 0; ch < p.c; ch++) {
      const float v = x[xi + ch];
      if (v > best[yi + ch] || std::isnan(v)) best[yi + ch] = v;
    }
  });
  std::memcpy(y, best.data(), sizeof(float) * best.size());
}

void maxPoolGradRef(const Pool2D& p, const float* x, const float* dy, float* dx) {
  std::memset(dx, 0, sizeof(float) * p.inputSize());
  for (int b = 0; b < p.n; b++)
    for (int oy = 0; oy < p.oh; oy++)
      for (int ox = 0; ox < p.ow; ox++)
        for (int ch = 0; ch < p.c; ch++) {
          float best = -HUGE_VALF;
          long where = -1;
          for (int i = 0; i < p.kh; i++)
            for (int j = 0; j < p.kw; j++) {
              const int iy = oy * p.sh - p.pt + i, ix = ox * p.sw - p.pl + j;
              if (iy < 0 || iy >= p.h || ix < 0 || ix >= p.w) continue;
              const long at = ((static_cast<long>(b) * p.h + iy) * p.w + ix) * p.c + ch;
              if (x[at] > best) {
                best = x[at];
                where = at;
              }
            }
          if (where >= 0) dx[where] += dy[((static_cast<long>(b) * p.oh + oy) * p.ow + ox) * p.c + ch];
        }
}

}  // namespace layerloom
