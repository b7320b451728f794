// Max pooling forward, L channels at a time. The WASM backend's XNNPACK kernel runs on one
// thread; this one splits the batch over the pool's threads (VGG-mini's 2×2/2 over
// 64×32×32×16: 0.68 ms per step in the profile).
#include <algorithm>
#include <cmath>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "pool/pool.h"

namespace layerloom {
namespace {

// The window maximum by maxPoolRef's rule: NaN propagates, so a diverging network shows in
// the loss instead of being pooled away.
LAYERLOOM_INLINE vf maxOrNan(vf best, vf v) { return (vf)select((v > best) | (v != v), (vi)v, (vi)best); }

}  // namespace

void maxPool(const Pool2D& p, const float* x, float* y) {
  const float* xEnd = x + p.inputSize();
  parallelChunks(p.n, [&](int, int from, int to) {
    const size_t image = static_cast<size_t>(p.h) * p.w * p.c;
    for (int b = from; b < to; b++) {
      const float* xb = x + image * b;
      float* yb = y + static_cast<size_t>(b) * p.oh * p.ow * p.c;
      for (int oy = 0; oy < p.oh; oy++)
        for (int ox = 0; ox < p.ow; ox++, yb += p.c) {
          int y0, y1, x0, x1;
          p.window(oy, ox, &y0, &y1, &x0, &x1);
          int ch = forEachChannelVector(p, xb, xEnd, y1, x1, [&](int c0, int lanes) {
            vf best = splat(-HUGE_VALF);
            for (int iy = y0; iy < y1; iy++)
              for (int ix = x0; ix < x1; ix++) best = maxOrNan(best, loadv(xb + (iy * p.w + ix) * p.c + c0));
            if (lanes == L) storev(yb + c0, best);
            else for (int lane = 0; lane < lanes; lane++) yb[c0 + lane] = best[lane];
          });
          for (; ch < p.c; ch++) {
            float best = -HUGE_VALF;
            for (int iy = y0; iy < y1; iy++)
              for (int ix = x0; ix < x1; ix++) {
                const float v = xb[(iy * p.w + ix) * p.c + ch];
                if (v > best || v != v) best = v;
              }
            yb[ch] = best;
          }
        }
    }
  });
}

}  // namespace layerloom
