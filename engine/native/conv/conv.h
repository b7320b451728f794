// 2-D convolution, NHWC input [n, h, w, ci], filter [kh, kw, ci, co] (TF's layouts): the
// forward pass with bias and activation folded in, and the filter and input gradients.
// Any size, stride, channel count and padding (TF's 'same' pads may be asymmetric: the
// bottom/right pads follow from oh/ow). Each fast kernel has its definition (*Ref) beside it.
#pragma once

#include <cstddef>

#include "common/activation.h"

namespace layerloom {

struct Conv {
  int n, h, w, ci;       // input
  int kh, kw, co;        // filter [kh, kw, ci, co]
  int sh, sw, pt, pl;    // strides, top/left padding
  int oh, ow;            // output
  int k() const { return kw * ci; }                   // one kernel row's GEMM depth
  int padRow() const { return (ow - 1) * sw + kw; }   // pixels a padded input row must hold
  int padRows() const { return (oh - 1) * sh + kh; }  // rows a padded input must hold
  size_t inputSize() const { return static_cast<size_t>(n) * h * w * ci; }
  size_t outputSize() const { return static_cast<size_t>(n) * oh * ow * co; }
  size_t filterSize() const { return static_cast<size_t>(kh) * kw * ci * co; }
  // Sizes positive, pads inside the window, every output window starting inside the padded image.
  bool valid() const;
};

// y = act(conv(x, w) + bias); bias may be null.
void convForward(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y);
void convForwardRef(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y);
// One of convForward's two strategies: for co ≤ 8 at column stride 1 (conv_forward_planar.cc);
// also convInputGrad's for ci ≤ 8 at stride 1.
// The planar kernel's switch covers 1…8 output channels: past that the channel-vector kernel
// fills its lanes.
constexpr int kPlanarMaxChannels = 8;
void convForwardPlanar(const Conv& c, const float* x, const float* w, const float* bias, Activation act, float* y);

// dw[ky][kx][ci][co] = Σ_{b,oy,ox} xpad[b, oy·sh+ky, ox·sw+kx, ci] · dy[b, oy, ox, co]
void convFilterGrad(const Conv& c, const float* x, const float* dy, float* dw);
void convFilterGradRef(const Conv& c, const float* x, const float* dy, float* dw);

// dx[b, oy·sh+ky−pt, ox·sw+kx−pl, ci] = Σ dy[b, oy, ox, co] · w[ky, kx, ci, co]
void convInputGrad(const Conv& c, const float* dy, const float* w, float* dx);
void convInputGradRef(const Conv& c, const float* dy, const float* w, float* dx);

}  // namespace layerloom
