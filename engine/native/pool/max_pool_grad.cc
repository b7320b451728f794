#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/thread_pool.h"
#include "pool/pool.h"

namespace layerloom {

void maxPoolGrad(const Pool2D& p, const float* x, const float* dy, float* dx) {
  parallelChunks(p.n, [&](int, int from, int to) {
    const size_t image = static_cast<size_t>(p.h) * p.w * p.c;
    std::memset(dx + image * from, 0, sizeof(float) * image * (to - from));
    for (int b = from; b < to; b++) {
      const float* xb = x + image * b;
      float* dxb = dx + image * b;
      const float* dyb = dy + static_cast<size_t>(b) * p.oh * p.ow * p.c;
      for (int yo = 0; yo < p.oh; yo++) {
        const int y0 = yo * p.sh - p.pt;
        const int iMin = std::max(0, -y0), iMax = std::min(p.kh, p.h - y0);
        for (int xo = 0; xo < p.ow; xo++) {
          const int x0 = xo * p.sw - p.pl;
          const int jMin = std::max(0, -x0), jMax = std::min(p.kw, p.w - x0);
          const float* g = dyb + (static_cast<size_t>(yo) * p.ow + xo) * p.c;
          for (int ch = 0; ch < p.c; ch++) {
            float best = -HUGE_VALF;
            long where = -1;
            for (int i = iMin; i < iMax; i++) {
              for (int j = jMin; j < jMax; j++) {
                const long at = (static_cast<long>(y0 + i) * p.w + (x0 + j)) * p.c + ch;
                if (xb[at] > best) {
                  best = xb[at];
                  where = at;
                }
              }
            }
            if (where >= 0) dxb[where] += g[ch];
          }
        }
      }
    }
  });
}

}  // namespace layerloom
