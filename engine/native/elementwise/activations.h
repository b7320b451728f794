// Element-wise activations whose stock WASM kernels are slow: Tanh (a scalar libm call per
// element: ~26 ms on [64,32,32,16]) and LeakyReLU (~10 ms forward; its gradient was three
// kernels). Fast versions vectorise; the references beside them are the definitions.
#pragma once

#include <cstddef>

#include "../norm/batchnorm.h"  // ParallelFor

namespace layerloom {

enum class ElementwiseOp { Tanh = 0, LeakyRelu = 1, LeakyReluGrad = 2, Add = 3 };

// Tanh: out = tanh(x). LeakyRelu: out = x > 0 ? x : alpha·x. LeakyReluGrad: out = x > 0 ? dy : alpha·dy.
// Add: out = x + dy (a residual connection; the stock WASM Add runs on one thread).
void activation(ElementwiseOp op, float alpha, const float* x, const float* dy, float* out, std::size_t n, const ParallelFor& parallel);
void activationRef(ElementwiseOp op, float alpha, const float* x, const float* dy, float* out, std::size_t n);

}  // namespace layerloom
