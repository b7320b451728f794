#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "common/simd.h"
#include "conv/conv.h"

namespace layerloom {

// Image b copied into a zero border: padRows() rows of padRow() pixels, top-left padding
// included, plus slack for the vector tail, so every window reads without bounds checks.
struct PaddedImage {
  std::vector<float> data;
  int rowStride = 0;  // floats per padded row
  explicit PaddedImage(const Conv& c)
      : data(static_cast<size_t>(c.padRows()) * c.padRow() * c.ci + L), rowStride(c.padRow() * c.ci) {}
  void fill(const Conv& c, const float* x, int b) {
    std::fill(data.begin(), data.end(), 0.f);
    const int cols = std::min(c.w, c.padRow() - c.pl);
    const int rows = std::min(c.h, c.padRows() - c.pt);
    for (int iy = 0; iy < rows; iy++) {
      std::memcpy(&data[static_cast<size_t>(iy + c.pt) * rowStride + static_cast<size_t>(c.pl) * c.ci],
                  x + ((static_cast<size_t>(b) * c.h + iy) * c.w) * c.ci, sizeof(float) * static_cast<size_t>(cols) * c.ci);
    }
  }
};

}  // namespace layerloom
