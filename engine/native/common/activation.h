// The activations TF.js folds into its fused kernels (FusedConv2D's `activation` attribute),
// applied to a finished output value. prelu (per-element weights) is left to TF.js.
#pragma once

#include <algorithm>
#include <cmath>

namespace layerloom {

struct Activation {
  // The codes engine/backend/native-kernels.ts passes.
  enum Kind { kLinear = 0, kRelu = 1, kRelu6 = 2, kElu = 3, kLeakyRelu = 4, kSigmoid = 5 };
  Kind kind = kLinear;
  float alpha = 0.f;  // leakyrelu's slope below 0

  static bool valid(int code) { return code >= kLinear && code <= kSigmoid; }
  // TF.js's definitions (tfjs-core fused_util applyActivation).
  float operator()(float v) const {
    switch (kind) {
      case kRelu: return std::max(v, 0.f);
      case kRelu6: return std::min(std::max(v, 0.f), 6.f);
      case kElu: return v > 0.f ? v : std::expm1(v);
      case kLeakyRelu: return v < 0.f ? alpha * v : v;
      case kSigmoid: return 1.f / (1.f + std::exp(-v));
      default: return v;
    }
  }
};

}  // namespace layerloom
