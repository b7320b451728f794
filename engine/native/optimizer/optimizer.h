// Optimizer updates: one pass per weight instead of TF.js's ~12 (Adam) or 3 (momentum)
// elementwise kernels, each with its own dispatch and temporary tensors. The arithmetic is
// TF.js's, in its order, so a run matches the stock optimizers to float rounding; the
// kernels are plain loops split across threads, their own reference. Outputs must not overlap
// the inputs (the kernels always get fresh output tensors).
#pragma once

#include <cstddef>

namespace layerloom {

struct AdamParams {
  float learningRate, beta1, beta2, epsilon, oneMinusAccBeta1, oneMinusAccBeta2;
};

void adamUpdate(const AdamParams& a, const float* value, const float* g, const float* m, const float* v, size_t n,
                float* outValue, float* outM, float* outV);

void momentumUpdate(float learningRate, float momentum, const float* value, const float* g, const float* accum, size_t n,
                    float* outValue, float* outAccum);

}  // namespace layerloom
