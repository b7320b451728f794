#include <algorithm>
#include <cstddef>
#include <vector>

#include "bias/bias.h"
#include "common/thread_pool.h"

namespace layerloom {

// y[r][c] = x[r][c] + bias[c] for rows r.
void biasAdd(const float* x, const float* bias, int rows, int c, float* y) {
  parallelChunks(rows, [&](int, int from, int to) {
    for (int r = from; r < to; r++) {
      const float* a = x + static_cast<size_t>(r) * c;
      float* o = y + static_cast<size_t>(r) * c;
      for (int i = 0; i < c; i++) o[i] = a[i] + bias[i];
    }
  });
}

// out[c] = Σ_r x[r][c], summed per thread, then across threads in a fixed order.
void columnSums(const float* x, int rows, int c, float* out) {
  const int tasks = std::min(rows, pool().threads());
  std::vector<std::vector<double>> partial(std::max(tasks, 1), std::vector<double>(c, 0.0));
  parallelChunks(rows, [&](int t, int from, int to) {
    std::vector<float> s(static_cast<size_t>(c), 0.f);
    std::vector<double>& acc = partial[t];
    // Float lanes for speed, flushed to double every 256 rows so long sums stay accurate.
    for (int r = from; r < to; r++) {
      const float* a = x + static_cast<size_t>(r) * c;
      for (int i = 0; i < c; i++) s[i] += a[i];
      if ((r - from) % 256 == 255) {
        for (int i = 0; i < c; i++) { acc[i] += s[i]; s[i] = 0.f; }
      }
    }
    for (int i = 0; i < c; i++) acc[i] += s[i];
  });
  for (int i = 0; i < c; i++) {
    double s = 0.0;
    for (const std::vector<double>& p : partial) s += p[i];
    out[i] = static_cast<float>(s);
  }
}

}  // namespace layerloom
