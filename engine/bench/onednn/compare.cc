// oneDNN (Debian's libdnnl 2.6, the library PyTorch's CPU convolutions and batch norm run on)
// against Layerloom's own kernels, on ResNet-mini's layers: convolution forward, input and
// filter gradients, and BatchNorm forward and backward, batch 64, NHWC. oneDNN is timed twice:
// on our NHWC layouts (what linking it would run without reorders) and on the blocked layouts
// it picks itself (format_tag::any, reorders not counted: its best case). Not part of the
// build or the tests; run by hand, 2 threads each side:
//   apt-get install libdnnl-dev
//   g++ -O3 -march=native -std=c++17 -pthread -Iengine/native engine/bench/onednn/compare.cc \
//     $(ls engine/native/{common,conv,norm,gemm}/*.cc) -ldnnl -o /tmp/onednn-compare
//   OMP_NUM_THREADS=2 LAYERLOOM_THREADS=2 /tmp/onednn-compare
#include <dnnl.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

#include "common/thread_pool.h"
#include "conv/conv.h"
#include "norm/batchnorm.h"

using namespace dnnl;
using layerloom::Conv;

namespace {

// Median milliseconds of `runs` calls after 5 warm-up calls.
double timeMs(const std::function<void()>& f, int runs = 30) {
  for (int i = 0; i < 5; i++) f();
  std::vector<double> t;
  for (int i = 0; i < runs; i++) {
    auto a = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

std::vector<float> randomFloats(size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v) x = d(g);
  return v;
}

struct ConvTimes { double fwd, bwdData, bwdWeights; };

// oneDNN's three convolution passes for a 3×3 'same' stride-1 conv; `any` lets it pick layouts.
ConvTimes onednnConv(engine& eng, stream& s, int n, int h, int w, int ci, int co, bool any) {
  const memory::dims src{n, ci, h, w}, wei{co, ci, 3, 3}, bia{co}, dst{n, co, h, w}, strides{1, 1}, pad{1, 1};
  const auto dataTag = any ? memory::format_tag::any : memory::format_tag::nhwc;
  const auto weiTag = any ? memory::format_tag::any : memory::format_tag::hwio;
  memory::desc srcMd(src, memory::data_type::f32, dataTag), weiMd(wei, memory::data_type::f32, weiTag),
      biaMd(bia, memory::data_type::f32, memory::format_tag::x), dstMd(dst, memory::data_type::f32, dataTag);
  convolution_forward::primitive_desc fwd(
      convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, srcMd, weiMd, biaMd, dstMd, strides, pad, pad), eng);
  convolution_backward_data::primitive_desc bwdD(
      convolution_backward_data::desc(algorithm::convolution_direct, srcMd, weiMd, dstMd, strides, pad, pad), eng, fwd);
  convolution_backward_weights::primitive_desc bwdW(
      convolution_backward_weights::desc(algorithm::convolution_direct, srcMd, weiMd, biaMd, dstMd, strides, pad, pad), eng, fwd);
  memory x(fwd.src_desc(), eng), wt(fwd.weights_desc(), eng), b(fwd.bias_desc(), eng), y(fwd.dst_desc(), eng);
  memory dx(bwdD.diff_src_desc(), eng), dy(bwdW.diff_dst_desc(), eng), dw(bwdW.diff_weights_desc(), eng), db(bwdW.diff_bias_desc(), eng);
  for (memory* m : {&x, &wt, &b, &dy}) {
    const size_t count = m->get_desc().get_size() / sizeof(float);
    std::vector<float> v = randomFloats(count, 7);
    std::copy(v.begin(), v.end(), static_cast<float*>(m->get_data_handle()));
  }
  convolution_forward f(fwd);
  convolution_backward_data d(bwdD);
  convolution_backward_weights g(bwdW);
  ConvTimes t;
  t.fwd = timeMs([&] { f.execute(s, {{DNNL_ARG_SRC, x}, {DNNL_ARG_WEIGHTS, wt}, {DNNL_ARG_BIAS, b}, {DNNL_ARG_DST, y}}); s.wait(); });
  t.bwdData = timeMs([&] { d.execute(s, {{DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_WEIGHTS, wt}, {DNNL_ARG_DIFF_SRC, dx}}); s.wait(); });
  t.bwdWeights = timeMs([&] {
    g.execute(s, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_WEIGHTS, dw}, {DNNL_ARG_DIFF_BIAS, db}});
    s.wait();
  });
  return t;
}

ConvTimes ourConv(int n, int h, int w, int ci, int co) {
  const Conv c{n, h, w, ci, 3, 3, co, 1, 1, 1, 1, h, w};
  std::vector<float> x = randomFloats(c.inputSize(), 1), wt = randomFloats(c.filterSize(), 2), b = randomFloats(co, 3),
                     dy = randomFloats(c.outputSize(), 4), y(c.outputSize()), dx(c.inputSize()), dw(c.filterSize());
  ConvTimes t;
  t.fwd = timeMs([&] { layerloom::convForward(c, x.data(), wt.data(), b.data(), layerloom::Activation{}, y.data()); });
  t.bwdData = timeMs([&] { layerloom::convInputGrad(c, dy.data(), wt.data(), dx.data()); });
  t.bwdWeights = timeMs([&] { layerloom::convFilterGrad(c, x.data(), dy.data(), dw.data()); });
  return t;
}

struct NormTimes { double fwd, bwd; };

NormTimes onednnBatchNorm(engine& eng, stream& s, int n, int h, int w, int c) {
  memory::desc md({n, c, h, w}, memory::data_type::f32, memory::format_tag::nhwc);
  const auto flags = normalization_flags::use_scale | normalization_flags::use_shift;
  batch_normalization_forward::primitive_desc fwd(batch_normalization_forward::desc(prop_kind::forward_training, md, 1e-3f, flags), eng);
  batch_normalization_backward::primitive_desc bwd(batch_normalization_backward::desc(prop_kind::backward, md, md, 1e-3f, flags), eng, fwd);
  memory x(md, eng), y(md, eng), dy(md, eng), dx(md, eng), mean(fwd.mean_desc(), eng), var(fwd.variance_desc(), eng);
  memory::desc cMd({c}, memory::data_type::f32, memory::format_tag::x);
  memory scale(cMd, eng), shift(cMd, eng), dscale(cMd, eng), dshift(cMd, eng);
  for (memory* m : {&x, &dy, &scale, &shift}) {
    std::vector<float> v = randomFloats(m->get_desc().get_size() / sizeof(float), 5);
    std::copy(v.begin(), v.end(), static_cast<float*>(m->get_data_handle()));
  }
  batch_normalization_forward f(fwd);
  batch_normalization_backward b(bwd);
  NormTimes t;
  t.fwd = timeMs([&] {
    f.execute(s, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, y}, {DNNL_ARG_MEAN, mean}, {DNNL_ARG_VARIANCE, var}, {DNNL_ARG_SCALE, scale}, {DNNL_ARG_SHIFT, shift}});
    s.wait();
  });
  t.bwd = timeMs([&] {
    b.execute(s, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_MEAN, mean}, {DNNL_ARG_VARIANCE, var}, {DNNL_ARG_SCALE, scale},
                  {DNNL_ARG_SHIFT, shift}, {DNNL_ARG_DIFF_SRC, dx}, {DNNL_ARG_DIFF_SCALE, dscale}, {DNNL_ARG_DIFF_SHIFT, dshift}});
    s.wait();
  });
  return t;
}

NormTimes ourBatchNorm(int n, int h, int w, int c) {
  const layerloom::BatchNormShape shape{static_cast<size_t>(n) * h * w, c};
  const size_t size = shape.rows * c;
  std::vector<float> x = randomFloats(size, 1), dy = randomFloats(size, 2), gamma = randomFloats(c, 3), beta = randomFloats(c, 4);
  std::vector<float> y(size), dx(size), mean(c), var(c), dgamma(c), dbeta(c);
  const layerloom::ParallelFor parallel = [](int tasks, const std::function<void(int)>& fn) { layerloom::pool().run(tasks, fn); };
  NormTimes t;
  t.fwd = timeMs([&] { layerloom::batchNormTrainForward(shape, x.data(), gamma.data(), beta.data(), 1e-3f, false, y.data(), mean.data(), var.data(), parallel); });
  t.bwd = timeMs([&] {
    layerloom::batchNormTrainBackward(shape, x.data(), dy.data(), nullptr, gamma.data(), mean.data(), var.data(), 1e-3f, dx.data(), dgamma.data(),
                                      dbeta.data(), parallel);
  });
  return t;
}

}  // namespace

int main() {
  std::setvbuf(stdout, nullptr, _IONBF, 0);
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  std::printf("ResNet-mini layers, batch 64, median ms of 30 calls (%d Layerloom pool threads)\n", layerloom::pool().threads());
  std::printf("%-34s %10s %10s %10s\n", "3x3 same conv", "forward", "input grad", "filter grad");
  const int shapes[][4] = {{32, 32, 16, 16}, {16, 16, 32, 32}, {32, 32, 3, 16}, {16, 16, 16, 32}};
  for (const auto& sh : shapes) {
    const int h = sh[0], w = sh[1], ci = sh[2], co = sh[3];
    const ConvTimes ours = ourConv(64, h, w, ci, co), plain = onednnConv(eng, s, 64, h, w, ci, co, false), best = onednnConv(eng, s, 64, h, w, ci, co, true);
    std::printf("%dx%d %d->%d  Layerloom               %10.3f %10.3f %10.3f\n", h, w, ci, co, ours.fwd, ours.bwdData, ours.bwdWeights);
    std::printf("%dx%d %d->%d  oneDNN NHWC             %10.3f %10.3f %10.3f\n", h, w, ci, co, plain.fwd, plain.bwdData, plain.bwdWeights);
    std::printf("%dx%d %d->%d  oneDNN own layout       %10.3f %10.3f %10.3f\n", h, w, ci, co, best.fwd, best.bwdData, best.bwdWeights);
  }
  std::printf("%-34s %10s %10s\n", "BatchNorm (training)", "forward", "backward");
  for (const auto& sh : {std::array<int, 3>{32, 32, 16}, std::array<int, 3>{16, 16, 32}}) {
    const NormTimes ours = ourBatchNorm(64, sh[0], sh[1], sh[2]), theirs = onednnBatchNorm(eng, s, 64, sh[0], sh[1], sh[2]);
    std::printf("%dx%dx%d  Layerloom                 %10.3f %10.3f\n", sh[0], sh[1], sh[2], ours.fwd, ours.bwd);
    std::printf("%dx%dx%d  oneDNN NHWC               %10.3f %10.3f\n", sh[0], sh[1], sh[2], theirs.fwd, theirs.bwd);
  }
  return 0;
}
