// Input gradient as forward convolutions: dx is the "full" correlation of dy with the
// flipped filter, its channel axes swapped. At stride s the taps that reach one dx row
// depend on the row's phase (iy + pt) mod s, so dx splits into sh×sw interleaved phases,
// each a stride-1 convolution of dy with a sub-filter (taps ky = ry + sh·j, kx = rx + sw·j),
// run by the forward pass's register-blocked row kernel over a zero-padded copy of dy.
// Every dx pixel belongs to exactly one phase; a phase with no taps (kernel < stride) is 0.
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "conv/conv.h"
#include "gemm/row_kernel.h"

namespace layerloom {
namespace {

// The dx positions and filter taps of one phase along one axis.
struct PhaseAxis {
  int taps = 0;   // J: taps k = r + s·j, j < J
  int first = 0;  // q of the first dx position iy = q·s + r − pad inside [0, size)
  int count = 0;  // dx positions of this phase
  int at(int q, int s, int r, int pad) const { return q * s + r - pad; }
};

PhaseAxis phaseAxis(int r, int k, int s, int pad, int size) {
  PhaseAxis a;
  a.taps = r < k ? (k - r + s - 1) / s : 0;
  // smallest q with q·s + r − pad ≥ 0, largest with q·s + r − pad < size
  const int lo = pad - r <= 0 ? 0 : (pad - r + s - 1) / s;
  const int hi = size - 1 + pad - r < 0 ? -1 : (size - 1 + pad - r) / s;
  a.first = lo;
  a.count = std::max(0, hi - lo + 1);
  return a;
}

void convInputGradPhases(const Conv& c, const float* dy, const float* w, float* dx) {
  const int ci8 = roundUp(c.ci, L);
  // dy padded so every phase's window reads inside: above/left by the most taps − 1, below/
  // right far enough for the last dx position of any phase.
  int padTop = 0, padLeft = 0, rows = c.oh, cols = c.ow;
  for (int r = 0; r < c.sh; r++) {
    const PhaseAxis a = phaseAxis(r, c.kh, c.sh, c.pt, c.h);
    padTop = std::max(padTop, a.taps - 1);
    rows = std::max(rows, a.first + a.count);
  }
  for (int r = 0; r < c.sw; r++) {
    const PhaseAxis a = phaseAxis(r, c.kw, c.sw, c.pl, c.w);
    padLeft = std::max(padLeft, a.taps - 1);
    cols = std::max(cols, a.first + a.count);
  }
  const int padRows = padTop + rows, padCols = padLeft + cols;
  const int rowStride = padCols * c.co;

  // One packed sub-filter per phase: [ty][tx·co + o][ci8] = w[ry + sh·(Jy−1−ty)][rx + sw·(Jx−1−tx)][i][o].
  struct Phase {
    int ry, rx;
    PhaseAxis y, x;
    std::vector<float> filter;
  };
  std::vector<Phase> phases;
  for (int ry = 0; ry < c.sh; ry++)
    for (int rx = 0; rx < c.sw; rx++) {
      Phase p{ry, rx, phaseAxis(ry, c.kh, c.sh, c.pt, c.h), phaseAxis(rx, c.kw, c.sw, c.pl, c.w), {}};
      if (p.y.count == 0 || p.x.count == 0) continue;
      const int k = p.x.taps * c.co;
      p.filter.assign(static_cast<size_t>(p.y.taps) * k * ci8 + L, 0.f);
      for (int ty = 0; ty < p.y.taps; ty++)
        for (int tx = 0; tx < p.x.taps; tx++) {
          const int ky = ry + c.sh * (p.y.taps - 1 - ty), kx = rx + c.sw * (p.x.taps - 1 - tx);
          const float* src = w + (static_cast<size_t>(ky) * c.kw + kx) * c.ci * c.co;
          float* dst = &p.filter[(static_cast<size_t>(ty) * k + static_cast<size_t>(tx) * c.co) * ci8];
          for (int i = 0; i < c.ci; i++)
            for (int o = 0; o < c.co; o++) dst[static_cast<size_t>(o) * ci8 + i] = src[static_cast<size_t>(i) * c.co + o];
        }
      phases.push_back(std::move(p));
    }

  parallelChunks(c.n, [&](int, int from, int to) {
    std::vector<float> padded(static_cast<size_t>(padRows) * rowStride + L, 0.f);
    std::vector<float> out(static_cast<size_t>(c.w) * ci8);
    for (int b = from; b < to; b++) {
      float* dxb = dx + static_cast<size_t>(b) * c.h * c.w * c.ci;
      std::memset(dxb, 0, sizeof(float) * c.h * c.w * c.ci);  // phases without taps stay 0
      for (int oy = 0; oy < c.oh; oy++)
        std::memcpy(&padded[static_cast<size_t>(oy + padTop) * rowStride + static_cast<size_t>(padLeft) * c.co],
                    dy + (static_cast<size_t>(b) * c.oh + oy) * c.ow * c.co, sizeof(float) * c.ow * c.co);
      for (const Phase& p : phases) {
        if (p.y.taps == 0 || p.x.taps == 0) continue;
        const int k = p.x.taps * c.co;
        for (int q = p.y.first; q < p.y.first + p.y.count; q++) {
          std::fill(out.begin(), out.begin() + static_cast<size_t>(p.x.count) * ci8, 0.f);
          // Window rows q − (Jy−1) … q of dy, columns qx − (Jx−1) … qx, in padded coordinates.
          const float* a = &padded[static_cast<size_t>(q - (p.y.taps - 1) + padTop) * rowStride +
                                   static_cast<size_t>(p.x.first - (p.x.taps - 1) + padLeft) * c.co];
          convRow(a, rowStride, c.co, p.filter.data(), ci8, p.y.taps, k, p.x.count, out.data());
          float* row = dxb + static_cast<size_t>(p.y.at(q, c.sh, p.ry, c.pt)) * c.w * c.ci;
          for (int j = 0; j < p.x.count; j++) {
            const int ix = p.x.at(p.x.first + j, c.sw, p.rx, c.pl);
            std::memcpy(row + static_cast<size_t>(ix) * c.ci, &out[static_cast<size_t>(j) * ci8], sizeof(float) * c.ci);
          }
        }
      }
    }
  });
}

}  // namespace

// At stride 1 there is one phase: a plain forward convolution of dy (co channels in, ci
// out) with the flipped, transposed filter, padded by kernel − 1 − pad. With few input
// channels (≤ kPlanarMaxChannels) the planar forward runs it with full vector lanes; the phase kernel's
// output vectors would hold ci channels rounded up to L. LeNet's 6→16 5×5 at batch 100,
// single-threaded, fastest of 11: 1.16–1.20 ms (the former scatter kernel; the phase kernel
// 1.5) → 1.03–1.10; a first layer's 3→16 3×3 'same' at batch 64: 2.0–2.2 → 1.6–2.1 ms.
void convInputGrad(const Conv& c, const float* dy, const float* w, float* dx) {
  if (c.ci > kPlanarMaxChannels || c.sh != 1 || c.sw != 1) {
    convInputGradPhases(c, dy, w, dx);
    return;
  }
  const Conv t{c.n, c.oh, c.ow, c.co, c.kh, c.kw, c.ci, 1, 1, c.kh - 1 - c.pt, c.kw - 1 - c.pl, c.h, c.w};
  std::vector<float> flipped(c.filterSize());
  for (int ky = 0; ky < c.kh; ky++)
    for (int kx = 0; kx < c.kw; kx++)
      for (int i = 0; i < c.ci; i++)
        for (int o = 0; o < c.co; o++)
          flipped[((static_cast<size_t>(c.kh - 1 - ky) * c.kw + (c.kw - 1 - kx)) * c.co + o) * c.ci + i] =
              w[((static_cast<size_t>(ky) * c.kw + kx) * c.ci + i) * c.co + o];
  convForwardPlanar(t, dy, flipped.data(), nullptr, Activation{}, dx);
}

}  // namespace layerloom
