// 8-float vectors through GCC/Clang vector extensions: AVX2/FMA under -march=native (or the
// portable build's -mavx2 -mfma variant) where the CPU has them, SSE or NEON otherwise.
#pragma once

namespace layerloom {

typedef float v8 __attribute__((vector_size(32)));
// The same vector as a memory type that may sit at any float address and alias floats:
// loads and stores through it are single unaligned moves (memcpy into a v8 was compiled
// to two 16-byte halves and a stalled 32-byte reload: 10× slower).
typedef float v8u __attribute__((vector_size(32), aligned(4), may_alias));
constexpr int L = 8;

inline v8 load8(const float* p) { return *reinterpret_cast<const v8u*>(p); }
inline void store8(float* p, v8 v) { *reinterpret_cast<v8u*>(p) = v; }
inline v8 splat(float s) { return v8{s, s, s, s, s, s, s, s}; }
inline int roundUp(int n, int m) { return (n + m - 1) / m * m; }

}  // namespace layerloom
