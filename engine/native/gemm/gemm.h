// Matrix multiply (dense layers and their gradients): C[z] = op(A[z]) · op(B[z]).
#pragma once

namespace layerloom {

struct Gemm {
  int batch, m, n, k;
  bool transA, transB;          // op = transpose
  bool broadcastA, broadcastB;  // one matrix shared by every batch entry
};

void gemm(const Gemm& g, const float* a, const float* b, float* c);
void gemmRef(const Gemm& g, const float* a, const float* b, float* c);

}  // namespace layerloom
