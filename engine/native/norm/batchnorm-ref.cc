// The definition of training-mode BatchNorm, one channel at a time in double: what the fast
// kernels in batchnorm.cc are tested against (engine/backend/native-batchnorm.test.ts).
#include <cmath>
#include <vector>

#include "batchnorm.h"

namespace layerloom {

void batchNormTrainForwardRef(const BatchNormShape& s, const float* x, const float* gamma, const float* beta, float epsilon,
                              bool relu, float* y, float* mean, float* variance) {
  const std::size_t C = static_cast<std::size_t>(s.channels);
  for (std::size_t c = 0; c < C; c++) {
    double sum = 0;
    for (std::size_t r = 0; r < s.rows; r++) sum += x[r * C + c];
    const double m = sum / static_cast<double>(s.rows);
    double squares = 0;
    for (std::size_t r = 0; r < s.rows; r++) squares += (x[r * C + c] - m) * (x[r * C + c] - m);
    const double v = squares / static_cast<double>(s.rows);
    const double invStd = 1 / std::sqrt(v + epsilon);
    for (std::size_t r = 0; r < s.rows; r++) {
      const double out = gamma[c] * (x[r * C + c] - m) * invStd + beta[c];
      y[r * C + c] = static_cast<float>(relu && out < 0 ? 0 : out);
    }
    mean[c] = static_cast<float>(m);
    variance[c] = static_cast<float>(v);
  }
}

// With x̂ = (x − mean)·σ⁻¹ and g the incoming gradient (zero where the ReLU clipped):
// dβ = Σg, dγ = Σg·x̂, dx = γσ⁻¹·(g − dβ/M − x̂·dγ/M), M the number of rows.
void batchNormTrainBackwardRef(const BatchNormShape& s, const float* x, const float* dy, const float* y, const float* gamma,
                               const float* mean, const float* variance, float epsilon, float* dx, float* dgamma, float* dbeta) {
  const std::size_t C = static_cast<std::size_t>(s.channels);
  const double M = static_cast<double>(s.rows);
  auto g = [&](std::size_t i) { return y != nullptr && y[i] <= 0 ? 0.0 : static_cast<double>(dy[i]); };
  for (std::size_t c = 0; c < C; c++) {
    const double invStd = 1 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    double sumG = 0, sumGXhat = 0;
    for (std::size_t r = 0; r < s.rows; r++) {
      sumG += g(r * C + c);
      sumGXhat += g(r * C + c) * (x[r * C + c] - mean[c]) * invStd;
    }
    for (std::size_t r = 0; r < s.rows; r++) {
      const double xhat = (x[r * C + c] - mean[c]) * invStd;
      dx[r * C + c] = static_cast<float>(gamma[c] * invStd * (g(r * C + c) - sumG / M - xhat * sumGXhat / M));
    }
    dgamma[c] = static_cast<float>(sumGXhat);
    dbeta[c] = static_cast<float>(sumG);
  }
}

void batchNormInferenceRef(const BatchNormShape& s, const float* x, const float* mean, const float* variance, const float* gamma,
                           const float* beta, float epsilon, float* y) {
  const std::size_t C = static_cast<std::size_t>(s.channels);
  for (std::size_t r = 0; r < s.rows; r++)
    for (std::size_t c = 0; c < C; c++)
      y[r * C + c] = static_cast<float>(gamma[c] * (x[r * C + c] - mean[c]) / std::sqrt(static_cast<double>(variance[c]) + epsilon) + beta[c]);
}

}  // namespace layerloom
