// BatchNorm in training mode over float32 buffers whose last axis is the channel (NHWC, or
// [rows, channels] after a Dense layer): batch statistics per channel, normalise, scale and
// shift (optionally with the following ReLU), and the backward pass in one sweep of two
// reductions and one element-wise pass. The fast versions split rows over threads and
// accumulate in registers; the reference versions beside them are the definition, in double.
#pragma once

#include <cstddef>
#include <functional>

namespace layerloom {

// Runs fn(t) for t in [0, tasks), possibly on several threads; returns when all are done.
using ParallelFor = std::function<void(int tasks, const std::function<void(int)>& fn)>;

struct BatchNormShape {
  std::size_t rows;  // every axis but the last, multiplied
  int channels;
};

// y = γ·(x − mean)/√(var + ε) + β (then max(·, 0) when relu); mean and the biased variance
// of each channel over the rows are written to mean[] and variance[].
void batchNormTrainForward(const BatchNormShape& s, const float* x, const float* gamma, const float* beta, float epsilon,
                           bool relu, float* y, float* mean, float* variance, const ParallelFor& parallel);
void batchNormTrainForwardRef(const BatchNormShape& s, const float* x, const float* gamma, const float* beta, float epsilon,
                              bool relu, float* y, float* mean, float* variance);

// Gradients of the forward above with respect to x, γ and β, given dL/dy. y is the forward's
// output, read only when relu (where y = 0 the ReLU passed no gradient); null otherwise.
void batchNormTrainBackward(const BatchNormShape& s, const float* x, const float* dy, const float* y, const float* gamma,
                            const float* mean, const float* variance, float epsilon, float* dx, float* dgamma, float* dbeta,
                            const ParallelFor& parallel);
void batchNormTrainBackwardRef(const BatchNormShape& s, const float* x, const float* dy, const float* y, const float* gamma,
                               const float* mean, const float* variance, float epsilon, float* dx, float* dgamma, float* dbeta);

// Inference: y = γ·(x − mean)/√(var + ε) + β with the moving statistics (evaluation, the
// test pass, the confusion matrix).
void batchNormInference(const BatchNormShape& s, const float* x, const float* mean, const float* variance, const float* gamma,
                        const float* beta, float epsilon, float* y, const ParallelFor& parallel);
void batchNormInferenceRef(const BatchNormShape& s, const float* x, const float* mean, const float* variance, const float* gamma,
                           const float* beta, float epsilon, float* y);

}  // namespace layerloom
