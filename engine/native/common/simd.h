// Float vectors of the widest width the build targets, through GCC/Clang vector extensions:
// 16 lanes with AVX-512 (-march=native on such a CPU, or the portable build's -avx512
// variant), else 8 (AVX2/FMA, or SSE/NEON in two halves). Kernels are written in terms of L;
// channel counts are padded to multiples of it. Measured on a Zen 5 core: 16-lane FMAs
// 224 GFLOP/s, 8-lane 104; the 3×3 64→64 convolution 87 → 185 GFLOP/s.
#pragma once

namespace layerloom {

#if defined(__AVX512F__)
constexpr int L = 16;
#else
constexpr int L = 8;
#endif
typedef float vf __attribute__((vector_size(L * 4)));
// The same vector as a memory type that may sit at any float address and alias floats:
// loads and stores through it are single unaligned moves (memcpy into a vf was compiled
// to two 16-byte halves and a stalled 32-byte reload: 10× slower).
typedef float vfu __attribute__((vector_size(L * 4), aligned(4), may_alias));

// Always inlined: where the vector is wider than the build's registers (the portable
// baseline's 8 lanes on SSE) an out-of-line call returns it through memory.
#define LAYERLOOM_INLINE inline __attribute__((always_inline))
// Int lanes of the same width: what comparing two vf gives.
typedef int vi __attribute__((vector_size(L * 4)));
// Lanes of `a` where mask is set, of `b` elsewhere (mask lanes all ones or all zeros).
LAYERLOOM_INLINE vi select(vi mask, vi a, vi b) { return (a & mask) | (b & ~mask); }

LAYERLOOM_INLINE vf loadv(const float* p) { return *reinterpret_cast<const vfu*>(p); }
LAYERLOOM_INLINE void storev(float* p, vf v) { *reinterpret_cast<vfu*>(p) = v; }
// Spelled out: `vf{} + s` became a scalar loop on the portable baseline (25 → 2 GFLOP/s).
LAYERLOOM_INLINE vf splat(float s) {
#if defined(__AVX512F__)
  return vf{s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s};
#else
  return vf{s, s, s, s, s, s, s, s};
#endif
}
inline int roundUp(int n, int m) { return (n + m - 1) / m * m; }

}  // namespace layerloom
