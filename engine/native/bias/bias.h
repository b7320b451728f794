// A layer's bias: y = x + bias over rows of c values, and its gradient (column sums),
// optionally fused with the gradient of the (leaky) ReLU that followed the bias.
#pragma once

#include "common/activation.h"

namespace layerloom {

// y[r][c] = act(x[r][c] + bias[c]): a layer's bias and its activation (a dense layer's
// epilogue). y may be x.
void biasAdd(const float* x, const float* bias, int rows, int c, Activation act, float* y);
void biasAddRef(const float* x, const float* bias, int rows, int c, Activation act, float* y);

// out[c] = Σ_r x[r][c]
void columnSums(const float* x, int rows, int c, float* out);
void columnSumsRef(const float* x, int rows, int c, float* out);

// The backward pass of y = leakyRelu(z + bias) (ReLU at alpha 0) in one read of dy and y:
// dz[r][c] = y[r][c] > 0 ? dy[r][c] : alpha·dy[r][c], and sums[c] = Σ_r dz[r][c].
void activationBiasGrad(const float* dy, const float* y, float alpha, int rows, int c, float* dz, float* sums);
void activationBiasGradRef(const float* dy, const float* y, float alpha, int rows, int c, float* dz, float* sums);

}  // namespace layerloom
