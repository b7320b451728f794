// The register-blocked micro-kernel that the convolutions and the dense layers' matmul share.
//
// In NHWC a stride-s convolution's patch for output column ox is the contiguous run
// row[ox·s·Ci, ox·s·Ci + kw·Ci) of a (zero-padded) input row, so each (output row, kernel
// row) pair is a small GEMM whose A rows overlap in place: no im2col copy. A matmul is the
// same with one kernel row and A rows k apart. The kernel keeps R×V accumulators of L floats
// in registers and loops over that GEMM's K.
#pragma once

#include "common/simd.h"

namespace layerloom {

// Calls K<R, V>::run(…) with a compile-time R for a runtime 1 ≤ r ≤ kMaxRows: tails get as
// many independent accumulators as they can (one column alone is a chain of dependent FMAs).
constexpr int kMaxRows = 12;
template <int V, template <int, int> class K, int R = 1, typename... Args>
inline void withRows(int r, Args... args) {
  if constexpr (R == kMaxRows) {
    K<R, V>::run(args...);
  } else {
    if (r == R) K<R, V>::run(args...);
    else withRows<V, K, R + 1>(r, args...);
  }
}

// Register blocking of a row kernel over channels: V vectors of L channels times up to
// `rows` rows. With 16 vector registers (AVX2) 2×6 and 1×8 accumulators; with 32 (AVX-512)
// 4×6, 2×12 and 1×12 leave room for the weights and a broadcast.
struct Blocking {
  int vectors, rows;
};
#if defined(__AVX512F__)
constexpr Blocking kBlockings[] = {{4, 6}, {2, 12}, {1, 12}};
#else
constexpr Blocking kBlockings[] = {{2, 6}, {1, 8}};
#endif

constexpr int kBlockingCount = sizeof(kBlockings) / sizeof(kBlockings[0]);

// One output row: out[ow][co8] += Σ_ky Σ_k a[ky·rs + x·as + k] · wt[ky][k][co8] for the ow
// columns x, blocked as kBlockings says.
// wt is packed [kh][k][co8] with co8 a multiple of L.
void convRow(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, int ow, float* out);

}  // namespace layerloom
