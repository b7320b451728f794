// The definition of a strided box copy, one element at a time (tests compare strided-copy.cc with it).
#include "strided-copy.h"

namespace layerloom {

void stridedCopyRef(const StridedBox& b, const std::uint32_t* src, std::uint32_t* dst) {
  std::int64_t total = 1;
  for (int a = 0; a < b.rank; a++) total *= b.shape[a];
  for (std::int64_t flat = 0; flat < total; flat++) {
    std::int64_t rest = flat, s = b.srcOffset, d = b.dstOffset;
    for (int a = b.rank - 1; a >= 0; a--) {
      const std::int64_t i = rest % b.shape[a];
      rest /= b.shape[a];
      s += i * b.srcStride[a];
      d += i * b.dstStride[a];
    }
    dst[d] = src[s];
  }
}

}  // namespace layerloom
