// 2-D max pooling and pooling gradients, NHWC [n, h, w, c], any window, stride and (TF 'same', possibly
// asymmetric) padding. Padded positions are outside every window.
#pragma once

#include <cstddef>

#include "common/simd.h"

namespace layerloom {

struct Pool2D {
  int n, h, w, c, kh, kw, sh, sw, pt, pl, oh, ow;
  size_t inputSize() const { return static_cast<size_t>(n) * h * w * c; }
  size_t outputSize() const { return static_cast<size_t>(n) * oh * ow * c; }
  bool valid() const;
  // Output pixel (oy, ox)'s window clipped to the image: rows [y0, y1), columns [x0, x1).
  void window(int oy, int ox, int* y0, int* y1, int* x0, int* x1) const {
    *y0 = oy * sh - pt;
    *x0 = ox * sw - pl;
    *y1 = *y0 + kh < h ? *y0 + kh : h;
    *x1 = *x0 + kw < w ? *x0 + kw : w;
    if (*y0 < 0) *y0 = 0;
    if (*x0 < 0) *x0 = 0;
  }
};

// Calls block(ch, lanes) for output pixel (oy, ox)'s channels in vectors of L, the last
// c mod L channels as a vector too where reading L floats at the window's last pixel stays
// before xEnd (the extra lanes are the next pixel's, for block to ignore); returns the first
// channel left for a scalar loop (LeNet's 6 channels had all gone through one).
template <typename Block>
inline int forEachChannelVector(const Pool2D& p, const float* xb, const float* xEnd, int y1, int x1, Block block) {
  const float* last = xb + (static_cast<size_t>(y1 - 1) * p.w + x1 - 1) * p.c;
  int ch = 0;
  for (; ch < p.c; ch += L) {
    const int lanes = p.c - ch < L ? p.c - ch : L;
    if (lanes < L && last + ch + L > xEnd) break;
    block(ch, lanes);
  }
  return ch;
}

// The gradient of average pooling (TF's forward: the mean of each window's real pixels,
// padding not counted): each dy spread over its window's real pixels, divided by their
// count. TF.js's own AvgPoolGrad divides by the full window size instead, which is not the
// derivative of its forward at 'same'-padded edges; TF's C++ kernel and this one agree.
// (Average pooling's forward stays on TF.js WASM's XNNPACK kernel: a native version measured
// no faster, both being memory-bound.)
void avgPoolGrad(const Pool2D& p, const float* dy, float* dx);
void avgPoolGradRef(const Pool2D& p, const float* dy, float* dx);

// y = the maximum of each window's real pixels; NaN wins (it propagates).
void maxPool(const Pool2D& p, const float* x, float* y);
void maxPoolRef(const Pool2D& p, const float* x, float* y);

// dx gets each dy at the first maximum of its window (row-major, strict >, so NaN never
// wins), summed where windows overlap: the rule of engine/backend/maxpool-grad.ts.
void maxPoolGrad(const Pool2D& p, const float* x, const float* dy, float* dx);
void maxPoolGradRef(const Pool2D& p, const float* x, const float* dy, float* dx);

}  // namespace layerloom
