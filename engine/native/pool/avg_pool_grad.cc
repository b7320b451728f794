// Average-pool gradient: per image (one task each), every dy pixel scaled by 1/count and
// added over its window's real pixels, channels as vector lanes.
#include <cstring>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "pool/pool.h"

namespace layerloom {

void avgPoolGrad(const Pool2D& p, const float* dy, float* dx) {
  parallelChunks(p.n, [&](int, int from, int to) {
    const size_t image = static_cast<size_t>(p.h) * p.w * p.c;
    std::memset(dx + image * from, 0, sizeof(float) * image * (to - from));
    for (int b = from; b < to; b++) {
      float* dxb = dx + image * b;
      const float* g = dy + static_cast<size_t>(b) * p.oh * p.ow * p.c;
      for (int oy = 0; oy < p.oh; oy++)
        for (int ox = 0; ox < p.ow; ox++, g += p.c) {
          int y0, y1, x0, x1;
          p.window(oy, ox, &y0, &y1, &x0, &x1);
          const float scale = 1.f / static_cast<float>((y1 - y0) * (x1 - x0));
          for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++) {
              float* d = dxb + (static_cast<size_t>(iy) * p.w + ix) * p.c;
              int ch = 0;
              for (; ch + L <= p.c; ch += L) storev(d + ch, loadv(d + ch) + loadv(g + ch) * splat(scale));
              for (; ch < p.c; ch++) d[ch] += g[ch] * scale;
            }
        }
    }
  });
}

}  // namespace layerloom
