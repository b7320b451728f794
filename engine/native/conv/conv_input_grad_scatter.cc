// Input gradient by scattering, one output pixel at a time, into a zero-padded copy of the
// image's rows: the patches overlap, so each pixel's K-long run is read, updated and written
// back. Chosen by convInputGrad (conv_input_grad.cc) where it measured faster.
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "conv/conv.h"

namespace layerloom {

void convInputGradScatter(const Conv& c, const float* dy, const float* w, float* dx) {
  const int k = c.k();
  const int k8 = roundUp(k, L);
  // wt[ky][co][k8]: the filter with (k, co) swapped so a dy value scales a contiguous run.
  std::vector<float> wt(static_cast<size_t>(c.kh) * c.co * k8, 0.f);
  for (int ky = 0; ky < c.kh; ky++)
    for (int i = 0; i < k; i++)
      for (int ch = 0; ch < c.co; ch++)
        wt[(static_cast<size_t>(ky) * c.co + ch) * k8 + i] = w[(static_cast<size_t>(ky) * k + i) * c.co + ch];
  const int rowLen = c.padRow() * c.ci + k8;  // slack: the last run may write k8 ≥ k floats
  parallelChunks(c.n, [&](int, int from, int to) {
    std::vector<float> img(static_cast<size_t>(c.h) * rowLen);
    for (int b = from; b < to; b++) {
      std::fill(img.begin(), img.end(), 0.f);
      for (int oy = 0; oy < c.oh; oy++) {
        for (int ky = 0; ky < c.kh; ky++) {
          const int iy = oy * c.sh + ky - c.pt;
          if (iy < 0 || iy >= c.h) continue;
          float* row = &img[static_cast<size_t>(iy) * rowLen];
          const float* wk = &wt[static_cast<size_t>(ky) * c.co * k8];
          const float* d = dy + (static_cast<size_t>(b) * c.oh + oy) * c.ow * c.co;
          for (int xo = 0; xo < c.ow; xo++, d += c.co) {
            float* run = row + static_cast<size_t>(xo) * c.sw * c.ci;
            int i = 0;
            for (; i + 4 * L <= k8; i += 4 * L) {
              v8 a0 = load8(run + i), a1 = load8(run + i + L), a2 = load8(run + i + 2 * L), a3 = load8(run + i + 3 * L);
              for (int ch = 0; ch < c.co; ch++) {
                const v8 s = splat(d[ch]);
                const float* wr = wk + static_cast<size_t>(ch) * k8 + i;
                a0 += s * load8(wr);
                a1 += s * load8(wr + L);
                a2 += s * load8(wr + 2 * L);
                a3 += s * load8(wr + 3 * L);
              }
              store8(run + i, a0);
              store8(run + i + L, a1);
              store8(run + i + 2 * L, a2);
              store8(run + i + 3 * L, a3);
            }
            for (; i < k8; i += L) {
              v8 a0 = load8(run + i);
              for (int ch = 0; ch < c.co; ch++) a0 += splat(d[ch]) * load8(wk + static_cast<size_t>(ch) * k8 + i);
              store8(run + i, a0);
            }
          }
        }
      }
      for (int iy = 0; iy < c.h; iy++) {
        // Padded column p holds image column p − pl; columns past the padded row stay zero.
        float* dst = dx + (static_cast<size_t>(b) * c.h + iy) * c.w * c.ci;
        const float* row = &img[static_cast<size_t>(iy) * rowLen];
        for (int ix = 0; ix < c.w; ix++) {
          const int p = ix + c.pl;
          if (p >= 0 && p < c.padRow()) std::memcpy(dst + static_cast<size_t>(ix) * c.ci, row + static_cast<size_t>(p) * c.ci, sizeof(float) * c.ci);
          else std::memset(dst + static_cast<size_t>(ix) * c.ci, 0, sizeof(float) * c.ci);
        }
      }
    }
  });
}


}  // namespace layerloom
