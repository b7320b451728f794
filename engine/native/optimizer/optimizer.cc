#include "optimizer/optimizer.h"

#include <cmath>

#include "common/thread_pool.h"

namespace layerloom {

void adamUpdate(const AdamParams& a, const float* value, const float* g, const float* m, const float* v, size_t n,
                float* outValue, float* outM, float* outV) {
  const int chunks = n >= (1u << 16) ? pool().threads() : 1;
  parallelChunks(chunks, [&](int t, int, int) {
    const size_t from = n * t / chunks, to = n * (t + 1) / chunks;
    for (size_t i = from; i < to; i++) {
      const float m1 = m[i] * a.beta1 + g[i] * (1.f - a.beta1);
      const float v1 = v[i] * a.beta2 + (g[i] * g[i]) * (1.f - a.beta2);
      const float mHat = m1 / a.oneMinusAccBeta1;
      const float vHat = v1 / a.oneMinusAccBeta2;
      outM[i] = m1;
      outV[i] = v1;
      outValue[i] = (mHat / (std::sqrt(vHat) + a.epsilon)) * -a.learningRate + value[i];
    }
  });
}

void momentumUpdate(float learningRate, float momentum, const float* value, const float* g, const float* accum, size_t n,
                    float* outValue, float* outAccum) {
  const int chunks = n >= (1u << 16) ? pool().threads() : 1;
  parallelChunks(chunks, [&](int t, int, int) {
    const size_t from = n * t / chunks, to = n * (t + 1) / chunks;
    for (size_t i = from; i < to; i++) {
      const float a1 = momentum * accum[i] + g[i];
      outAccum[i] = a1;
      outValue[i] = -learningRate * a1 + value[i];
    }
  });
}

}  // namespace layerloom
