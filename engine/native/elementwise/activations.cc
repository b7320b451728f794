// Vectorised activations (the definitions are activations-ref.cc). tanh is Eigen's float
// rational approximation (generic_fast_tanh_float): a 13/6 odd/even polynomial ratio on
// x clamped to ±7.905, within a few ulp of tanh, branch-free so the loop vectorises.
#include <algorithm>
#include <cmath>

#include "activations.h"

namespace layerloom {
namespace {

inline float fastTanh(float v) {
  const float x = std::min(7.90531110763549805f, std::max(-7.90531110763549805f, v));
  const float x2 = x * x;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  p = p * x;
  float q = 1.19825839466702e-06f;
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  // Tiny |x|: tanh(x) = x to float precision (and keeps the sign of −0).
  return std::abs(v) < 0.0004f ? v : p / q;
}

}  // namespace

void activation(ElementwiseOp op, float alpha, const float* x, const float* dy, float* out, std::size_t n, const ParallelFor& parallel) {
  const int tasks = static_cast<int>(std::min<std::size_t>(16, std::max<std::size_t>(1, n / 32768)));
  parallel(tasks, [&](int t) {
    const std::size_t from = n * t / tasks, to = n * (t + 1) / tasks;
    const float* __restrict a = x;
    const float* __restrict g = dy;
    float* __restrict o = out;
    // A local copy: through the captured reference every store to o might change alpha, which
    // kept the loops from vectorising (several times slower).
    const float al = alpha;
    switch (op) {
      case ElementwiseOp::Tanh:
        for (std::size_t i = from; i < to; i++) o[i] = fastTanh(a[i]);
        break;
      case ElementwiseOp::LeakyRelu:
        // Multiplying by a selected constant (1 or alpha) is exact and vectorises; a select
        // between two values was compiled to a branch (mispredicted on half the inputs).
        for (std::size_t i = from; i < to; i++) o[i] = a[i] * (a[i] > 0.f ? 1.f : al);
        break;
      case ElementwiseOp::LeakyReluGrad:
        for (std::size_t i = from; i < to; i++) o[i] = g[i] * (a[i] > 0.f ? 1.f : al);
        break;
      case ElementwiseOp::Add:
        for (std::size_t i = from; i < to; i++) o[i] = a[i] + g[i];
        break;
    }
  });
}

}  // namespace layerloom
