// The definitions of the activations in activations.cc, one element at a time in double.
#include <cmath>

#include "activations.h"

namespace layerloom {

void activationRef(ElementwiseOp op, float alpha, const float* x, const float* dy, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; i++) {
    switch (op) {
      case ElementwiseOp::Tanh: out[i] = static_cast<float>(std::tanh(static_cast<double>(x[i]))); break;
      case ElementwiseOp::LeakyRelu: out[i] = x[i] > 0 ? x[i] : alpha * x[i]; break;
      case ElementwiseOp::LeakyReluGrad: out[i] = x[i] > 0 ? dy[i] : alpha * dy[i]; break;
      case ElementwiseOp::Add: out[i] = x[i] + dy[i]; break;
    }
  }
}

}  // namespace layerloom
