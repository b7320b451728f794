// 2-D pooling, NHWC [n, h, w, c], any window, stride and (TF 'same', possibly asymmetric)
// padding. Padded positions are outside every window: max ignores them, average divides by
// the count of real pixels (TF's rule).
#pragma once

#include <cstddef>

namespace layerloom {

struct Pool2D {
  int n, h, w, c, kh, kw, sh, sw, pt, pl, oh, ow;
  size_t inputSize() const { return static_cast<size_t>(n) * h * w * c; }
  size_t outputSize() const { return static_cast<size_t>(n) * oh * ow * c; }
  bool valid() const;
};

// dx gets each dy at the first maximum of its window (row-major, strict >, so NaN never
// wins), summed where windows overlap: the rule of engine/backend/maxpool-grad.ts.
void maxPoolGrad(const Pool2D& p, const float* x, const float* dy, float* dx);
void maxPoolGradRef(const Pool2D& p, const float* x, const float* dy, float* dx);

}  // namespace layerloom
