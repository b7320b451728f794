// Strided box copy, fast version (the definition is strided-copy-ref.cc): trailing axes that
// are contiguous on both sides are merged into one run, each run is a memcpy, and the runs
// are split over the thread pool.
#include <algorithm>
#include <cstring>

#include "strided-copy.h"

namespace layerloom {

void stridedCopy(const StridedBox& box, const std::uint32_t* src, std::uint32_t* dst, const ParallelFor& parallel) {
  StridedBox b = box;
  // Merge trailing axes while both sides are contiguous across them.
  std::int64_t run = 1;
  while (b.rank > 0 && b.srcStride[b.rank - 1] == run && b.dstStride[b.rank - 1] == run) {
    run *= b.shape[b.rank - 1];
    b.rank--;
  }
  std::int64_t runs = 1;
  for (int a = 0; a < b.rank; a++) runs *= b.shape[a];
  if (runs == 0 || run == 0) return;
  const std::int64_t bytes = run * 4;
  // Enough runs per task that the index arithmetic and the pool's wake-up stay small.
  const int tasks = static_cast<int>(std::min<std::int64_t>(16, std::max<std::int64_t>(1, runs * run / 65536)));
  parallel(tasks, [&](int t) {
    const std::int64_t from = runs * t / tasks, to = runs * (t + 1) / tasks;
    for (std::int64_t r = from; r < to; r++) {
      std::int64_t rest = r, s = b.srcOffset, d = b.dstOffset;
      for (int a = b.rank - 1; a >= 0; a--) {
        const std::int64_t i = rest % b.shape[a];
        rest /= b.shape[a];
        s += i * b.srcStride[a];
        d += i * b.dstStride[a];
      }
      std::memcpy(dst + d, src + s, static_cast<std::size_t>(bytes));
    }
  });
}

}  // namespace layerloom
