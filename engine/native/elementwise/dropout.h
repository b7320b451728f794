// Dropout's mask from a counter-based hash of (seed, element index), so the forward pass and
// its gradient draw the same mask without storing it, on any number of threads. TF.js draws
// it in JavaScript (seedrandom, one call per element: 1.5 ms per step for [64,1024]), then
// takes Add, Floor, RealDiv and Multiply kernels to apply it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../norm/batchnorm.h"  // ParallelFor

namespace layerloom {

// Element i is kept when its uniform draw u_i ∈ [0, 1) (24 bits of hash(seed, i)) is ≥ rate;
// kept elements are scaled by 1/(1 − rate): y = x · (kept ? 1/(1 − rate) : 0), as tf.dropout.
// The gradient is the same call on dy with the same seed.
void dropout(const float* x, std::size_t n, float rate, std::uint32_t seed, float* y, const ParallelFor& parallel);
void dropoutRef(const float* x, std::size_t n, float rate, std::uint32_t seed, float* y);

// The draw itself (both versions use it; the tests check its statistics).
inline std::uint32_t dropoutHash(std::uint32_t seed, std::uint32_t i) {
  // Two rounds of Wellons' lowbias32 over the index, keyed by the seed.
  std::uint32_t h = i ^ seed;
  h ^= h >> 16; h *= 0x7feb352dU; h ^= h >> 15; h *= 0x846ca68bU; h ^= h >> 16;
  h += seed * 0x9e3779b9U;
  h ^= h >> 16; h *= 0x7feb352dU; h ^= h >> 15; h *= 0x846ca68bU; h ^= h >> 16;
  return h;
}

}  // namespace layerloom
