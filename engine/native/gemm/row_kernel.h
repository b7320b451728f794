// The register-blocked micro-kernel that the convolutions and the dense layers' matmul share.
//
// In NHWC a stride-s convolution's patch for output column ox is the contiguous run
// row[ox·s·Ci, ox·s·Ci + kw·Ci) of a (zero-padded) input row, so each (output row, kernel
// row) pair is a small GEMM whose A rows overlap in place: no im2col copy. A matmul is the
// same with one kernel row and A rows k apart. The kernel keeps R×V accumulators of 8 floats
// in registers and loops over that GEMM's K.
#pragma once

#include "common/simd.h"

namespace layerloom {

// Calls K<R, V>::run(…) with a compile-time R for a runtime 1 ≤ r ≤ 8: tails get as many
// independent accumulators as they can (one column alone is a chain of dependent FMAs).
template <int V, template <int, int> class K, typename... Args>
inline void withRows(int r, Args... args) {
  switch (r) {
    case 1: K<1, V>::run(args...); break;
    case 2: K<2, V>::run(args...); break;
    case 3: K<3, V>::run(args...); break;
    case 4: K<4, V>::run(args...); break;
    case 5: K<5, V>::run(args...); break;
    case 6: K<6, V>::run(args...); break;
    case 7: K<7, V>::run(args...); break;
    default: K<8, V>::run(args...); break;
  }
}

// One output row: out[ow][co8] += Σ_ky Σ_k a[ky·rs + x·as + k] · wt[ky][k][co8] for the ow
// columns x, blocked over channels (16 at a time, then 8) and columns (6 or 8 at a time).
// wt is packed [kh][k][co8] with co8 a multiple of 8.
void convRow(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, int ow, float* out);

}  // namespace layerloom
