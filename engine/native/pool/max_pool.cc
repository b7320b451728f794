// Max pooling forward, L channels at a time. The WASM backend's XNNPACK kernel runs on one
// thread; this one splits the batch over the pool's threads (VGG-mini's 2×2/2 over
// 64×32×32×16: 0.68 ms per step in the profile).
#include <algorithm>
#include <cmath>
#include <vector>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "pool/pool.h"

namespace layerloom {
namespace {

// The window maximum by maxPoolRef's rule: NaN propagates, so a diverging network shows in
// the loss instead of being pooled away.
LAYERLOOM_INLINE vf maxOrNan(vf best, vf v) { return (vf)select((v > best) | (v != v), (vi)v, (vi)best); }

// Fewer channels than a vector (LeNet's 6): rows first, then columns. The window's rows are
// reduced over whole image rows, w·c contiguous floats, in full vectors; then each output
// pixel takes the maximum of its kw reduced columns. Per output pixel, a vector per window
// position held 6 useful lanes of 16 and its result was stored lane by lane (LeNet's
// 2×2/2 over 28×28×6 by `node engine/native/bench.mjs --family pool`: 0.133 → 0.097 ms).
void maxPoolNarrow(const Pool2D& p, const float* x, float* y) {
  const size_t rowFloats = static_cast<size_t>(p.w) * p.c;
  parallelChunks(p.n * p.oh, [&](int, int from, int to) {
    std::vector<float> rows(rowFloats);
    for (int r = from; r < to; r++) {
      const int b = r / p.oh, oy = r % p.oh;
      const float* xb = x + static_cast<size_t>(b) * p.h * rowFloats;
      const int y0 = std::max(oy * p.sh - p.pt, 0), y1 = std::min(oy * p.sh - p.pt + p.kh, p.h);
      const float* first = xb + y0 * rowFloats;
      size_t i = 0;
      for (; i + L <= rowFloats; i += L) {
        vf best = loadv(first + i);
        for (int iy = y0 + 1; iy < y1; iy++) best = maxOrNan(best, loadv(xb + iy * rowFloats + i));
        storev(rows.data() + i, best);
      }
      for (; i < rowFloats; i++) {
        float best = first[i];
        for (int iy = y0 + 1; iy < y1; iy++) {
          const float v = xb[iy * rowFloats + i];
          if (v > best || v != v) best = v;
        }
        rows[i] = best;
      }
      float* yr = y + (static_cast<size_t>(b) * p.oh + oy) * p.ow * p.c;
      for (int ox = 0; ox < p.ow; ox++, yr += p.c) {
        const int x0 = std::max(ox * p.sw - p.pl, 0), x1 = std::min(ox * p.sw - p.pl + p.kw, p.w);
        for (int ch = 0; ch < p.c; ch++) {
          float best = rows[x0 * p.c + ch];
          for (int ix = x0 + 1; ix < x1; ix++) {
            const float v = rows[ix * p.c + ch];
            if (v > best || v != v) best = v;
          }
          yr[ch] = best;
        }
      }
    }
  });
}

}  // namespace

void maxPool(const Pool2D& p, const float* x, float* y) {
  if (p.c < L) {
    maxPoolNarrow(p, x, y);
    return;
  }
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
