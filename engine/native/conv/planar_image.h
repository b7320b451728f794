#pragma once

#include <algorithm>
#include <vector>

#include "common/simd.h"
#include "conv/conv.h"

namespace layerloom {

// Image b copied channel-planar into a zero border: plane i holds `rows` rows of `pitch`
// floats, top-left padding included; a row has room for every 8-column block of output
// columns plus the kernel's width, so 8-wide loads need no bounds checks.
struct PlanarImage {
  int pitch;
  size_t planeSize;
  std::vector<float> data;
  PlanarImage(const Conv& c, int rows)
      : pitch(roundUp(c.ow, L) + c.kw), planeSize(static_cast<size_t>(rows) * pitch), data(planeSize * c.ci, 0.f) {}
  const float* plane(int i) const { return data.data() + i * planeSize; }
  // Fills the image's pixels; the border stays zero from construction.
  void fill(const Conv& c, const float* x, int b) {
    const int cols = std::min(c.w, c.padRow() - c.pl), rows = std::min(c.h, c.padRows() - c.pt);
    const float* xb = x + static_cast<size_t>(b) * c.h * c.w * c.ci;
    for (int iy = 0; iy < rows; iy++)
      for (int ix = 0; ix < cols; ix++)
        for (int i = 0; i < c.ci; i++)
          data[i * planeSize + static_cast<size_t>(iy + c.pt) * pitch + ix + c.pl] = xb[(static_cast<size_t>(iy) * c.w + ix) * c.ci + i];
  }
};

}  // namespace layerloom
