#include "dropout.h"

namespace layerloom {

void dropoutRef(const float* x, std::size_t n, float rate, std::uint32_t seed, float* y) {
  for (std::size_t i = 0; i < n; i++) {
    const double u = static_cast<double>(dropoutHash(seed, static_cast<std::uint32_t>(i)) >> 8) / 16777216.0;
    y[i] = u >= rate ? x[i] * (1.f / (1.f - rate)) : x[i] * 0.f;
  }
}

}  // namespace layerloom
