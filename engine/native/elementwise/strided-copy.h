// Copying a box of a row-major tensor into another: what Slice, Concat and Split are (and
// their gradients: Concat's is a Split, Slice's a Pad). The stock WASM kernels walk such
// boxes one element at a time through index arithmetic (SplitV of a [64,32,32,32] tensor
// along channels took ~0.4 s); here each innermost run is one memcpy.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../norm/batchnorm.h"  // ParallelFor

namespace layerloom {

constexpr int kMaxCopyRank = 8;

struct StridedBox {
  int rank;                            // 1..kMaxCopyRank
  std::int64_t shape[kMaxCopyRank];    // the box's extent along each axis
  std::int64_t srcStride[kMaxCopyRank];
  std::int64_t dstStride[kMaxCopyRank];
  std::int64_t srcOffset, dstOffset;   // where the box starts, in elements
};

// dst[dstOffset + Σ i·dstStride] = src[srcOffset + Σ i·srcStride] for every index i in the box.
// Elements are 4 bytes (float32 or int32 alike).
void stridedCopy(const StridedBox& b, const std::uint32_t* src, std::uint32_t* dst, const ParallelFor& parallel);
void stridedCopyRef(const StridedBox& b, const std::uint32_t* src, std::uint32_t* dst);

}  // namespace layerloom
