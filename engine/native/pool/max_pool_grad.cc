#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "pool/pool.h"

namespace layerloom {

// L channels at a time: the running maximum and its offset in the image as vectors, a
// strict > per window position (the first maximum wins, NaN never does), then each lane's
// dy added at its offset. The scalar version's data-dependent branches mispredicted about
// every other window position on real activations (2×2/2 over 64×32×32×16: 1.9 ms).
void maxPoolGrad(const Pool2D& p, const float* x, const float* dy, float* dx) {
  parallelChunks(p.n, [&](int, int from, int to) {
    const size_t image = static_cast<size_t>(p.h) * p.w * p.c;
    const float* xEnd = x + p.inputSize();
    std::memset(dx + image * from, 0, sizeof(float) * image * (to - from));
    for (int b = from; b < to; b++) {
      const float* xb = x + image * b;
      float* dxb = dx + image * b;
      const float* g = dy + static_cast<size_t>(b) * p.oh * p.ow * p.c;
      for (int oy = 0; oy < p.oh; oy++)
        for (int ox = 0; ox < p.ow; ox++, g += p.c) {
          int y0, y1, x0, x1;
          p.window(oy, ox, &y0, &y1, &x0, &x1);
          int ch = forEachChannelVector(p, xb, xEnd, y1, x1, [&](int c0, int lanes) {
            vf best = splat(-HUGE_VALF);
            vi where = vi{} - 1;
            for (int iy = y0; iy < y1; iy++)
              for (int ix = x0; ix < x1; ix++) {
                const int at = (iy * p.w + ix) * p.c + c0;
                const vf v = loadv(xb + at);
                const vi better = v > best;
                best = (vf)select(better, (vi)v, (vi)best);
                where = select(better, vi{} + at, where);
              }
            for (int lane = 0; lane < lanes; lane++)
              if (where[lane] >= 0) dxb[where[lane] + lane] += g[c0 + lane];
          });
          for (; ch < p.c; ch++) {
            float best = -HUGE_VALF;
            int where = -1;
            for (int iy = y0; iy < y1; iy++)
              for (int ix = x0; ix < x1; ix++) {
                const int at = (iy * p.w + ix) * p.c + ch;
                if (xb[at] > best) {
                  best = xb[at];
                  where = at;
                }
              }
            if (where >= 0) dxb[where] += g[ch];
          }
        }
    }
  });
}

}  // namespace layerloom
