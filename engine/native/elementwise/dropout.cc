// Chunks of the tensor on the pool's threads; the loop is branch-free integer and float
// arithmetic, which the compiler vectorises.
#include <algorithm>

#include "dropout.h"

namespace layerloom {

void dropout(const float* x, std::size_t n, float rate, std::uint32_t seed, float* y, const ParallelFor& parallel) {
  const float scale = 1.f / (1.f - rate);
  const int tasks = static_cast<int>(std::min<std::size_t>(16, std::max<std::size_t>(1, n / 32768)));
  parallel(tasks, [&](int t) {
    const std::size_t from = n * t / tasks, to = n * (t + 1) / tasks;
    const float* __restrict a = x;
    float* __restrict o = y;
    const float r = rate, s = scale;
    const std::uint32_t k = seed;
    for (std::size_t i = from; i < to; i++) {
      const float u = static_cast<float>(dropoutHash(k, static_cast<std::uint32_t>(i)) >> 8) * (1.f / 16777216.f);
      o[i] = a[i] * (u >= r ? s : 0.f);
    }
  });
}

}  // namespace layerloom
