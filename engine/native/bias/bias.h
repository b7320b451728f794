// A layer's bias: y = x + bias over rows of c values, and its gradient (column sums).
#pragma once

namespace layerloom {

void biasAdd(const float* x, const float* bias, int rows, int c, float* y);
void biasAddRef(const float* x, const float* bias, int rows, int c, float* y);

// out[c] = Σ_r x[r][c]
void columnSums(const float* x, int rows, int c, float* out);
void columnSumsRef(const float* x, int rows, int c, float* out);

}  // namespace layerloom
