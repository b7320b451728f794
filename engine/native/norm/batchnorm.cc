// Training-mode BatchNorm, fast version (the definition is batchnorm-ref.cc). Memory-bound:
// the forward reads x twice and writes y once, the backward reads x and dy twice and writes
// dx once. Rows are split into a fixed number of chunks (so the sums, and the results, do
// not depend on the thread count); each chunk sums per channel in float over short runs of
// rows (the channel loop vectorises) and adds each run into double partials. Sums are taken
// of x − shift (forward) and x − mean (backward) so a large common offset cannot cancel
// the variance away.
#include <algorithm>
#include <cmath>
#include <vector>

#include "batchnorm.h"

namespace layerloom {
namespace {

constexpr std::size_t kRun = 128;  // rows summed in float before adding into double

int chunkCount(std::size_t rows) { return static_cast<int>(std::min<std::size_t>(16, (rows + 255) / 256)); }

// For each chunk: partialA[c] = Σ a(r, c), partialB[c] = Σ b(r, c) over the chunk's rows, with
// `terms(row, fa, fb)` adding one row's terms into the float accumulators. Returns the
// chunk sums added together in chunk order.
template <typename Terms>
void channelSums(const BatchNormShape& s, const ParallelFor& parallel, Terms terms, std::vector<double>& sumA,
                 std::vector<double>& sumB) {
  const int chunks = chunkCount(s.rows);
  const std::size_t C = static_cast<std::size_t>(s.channels);
  std::vector<double> partial(static_cast<std::size_t>(chunks) * 2 * C, 0.0);
  parallel(chunks, [&](int t) {
    const std::size_t from = s.rows * t / chunks, to = s.rows * (t + 1) / chunks;
    double* pa = partial.data() + static_cast<std::size_t>(t) * 2 * C;
    double* pb = pa + C;
    std::vector<float> fa(C), fb(C);
    for (std::size_t r0 = from; r0 < to; r0 += kRun) {
      std::fill(fa.begin(), fa.end(), 0.f);
      std::fill(fb.begin(), fb.end(), 0.f);
      const std::size_t r1 = std::min(to, r0 + kRun);
      for (std::size_t r = r0; r < r1; r++) terms(r, fa.data(), fb.data());
      for (std::size_t c = 0; c < C; c++) {
        pa[c] += fa[c];
        pb[c] += fb[c];
      }
    }
  });
  sumA.assign(C, 0.0);
  sumB.assign(C, 0.0);
  for (int t = 0; t < chunks; t++) {
    const double* pa = partial.data() + static_cast<std::size_t>(t) * 2 * C;
    for (std::size_t c = 0; c < C; c++) {
      sumA[c] += pa[c];
      sumB[c] += pa[C + c];
    }
  }
}

// out[r][c] = f(r, c) for every row, chunks of rows on the pool.
template <typename Row>
void eachRow(const BatchNormShape& s, const ParallelFor& parallel, Row row) {
  const int chunks = chunkCount(s.rows);
  parallel(chunks, [&](int t) {
    const std::size_t from = s.rows * t / chunks, to = s.rows * (t + 1) / chunks;
    for (std::size_t r = from; r < to; r++) row(r);
  });
}

}  // namespace

void batchNormTrainForward(const BatchNormShape& s, const float* x, const float* gamma, const float* beta, float epsilon,
                           bool relu, float* y, float* mean, float* variance, const ParallelFor& parallel) {
  const std::size_t C = static_cast<std::size_t>(s.channels);
  const std::vector<float> shift(x, x + C);  // the first row: close to the mean, in range
  std::vector<double> sum, squares;
  channelSums(s, parallel, [&](std::size_t r, float* __restrict fa, float* __restrict fb) {
    const float* __restrict xr = x + r * C;
    const float* __restrict k = shift.data();
    for (std::size_t c = 0; c < C; c++) {
      const float d = xr[c] - k[c];
      fa[c] += d;
      fb[c] += d * d;
    }
  }, sum, squares);
  const double M = static_cast<double>(s.rows);
  std::vector<float> scale(C), offset(C);
  for (std::size_t c = 0; c < C; c++) {
    const double d = sum[c] / M;
    const double v = std::max(0.0, squares[c] / M - d * d);
    const double m = shift[c] + d;
    const double a = gamma[c] / std::sqrt(v + epsilon);
    mean[c] = static_cast<float>(m);
    variance[c] = static_cast<float>(v);
    scale[c] = static_cast<float>(a);
    offset[c] = static_cast<float>(beta[c] - m * a);
  }
  eachRow(s, parallel, [&](std::size_t r) {
    const float* __restrict xr = x + r * C;
    float* __restrict yr = y + r * C;
    const float* __restrict a = scale.data();
    const float* __restrict b = offset.data();
    if (relu) {
      for (std::size_t c = 0; c < C; c++) yr[c] = std::max(xr[c] * a[c] + b[c], 0.f);
    } else {
      for (std::size_t c = 0; c < C; c++) yr[c] = xr[c] * a[c] + b[c];
    }
  });
}

void batchNormTrainBackward(const BatchNormShape& s, const float* x, const float* dy, const float* y, const float* gamma,
                            const float* mean, const float* variance, float epsilon, float* dx, float* dgamma, float* dbeta,
                            const ParallelFor& parallel) {
  const std::size_t C = static_cast<std::size_t>(s.channels);
  std::vector<double> sumG, sumGD;  // Σg and Σg·(x − mean)
  channelSums(s, parallel, [&](std::size_t r, float* __restrict fa, float* __restrict fb) {
    const float* __restrict xr = x + r * C;
    const float* __restrict gr = dy + r * C;
    const float* __restrict m = mean;
    if (y != nullptr) {
      const float* __restrict yr = y + r * C;
      for (std::size_t c = 0; c < C; c++) {
        const float g = yr[c] > 0.f ? gr[c] : 0.f;
        fa[c] += g;
        fb[c] += g * (xr[c] - m[c]);
      }
    } else {
      for (std::size_t c = 0; c < C; c++) {
        fa[c] += gr[c];
        fb[c] += gr[c] * (xr[c] - m[c]);
      }
    }
  }, sumG, sumGD);
  // dx = a·g + b·(x − mean) + d, folding dx = γσ⁻¹·(g − dβ/M − x̂·dγ/M) per channel.
  const double M = static_cast<double>(s.rows);
  std::vector<float> a(C), b(C), d(C);
  for (std::size_t c = 0; c < C; c++) {
    const double invStd = 1 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double dg = sumGD[c] * invStd;
    const double ac = gamma[c] * invStd;
    const double bc = -ac * invStd * dg / M;
    dgamma[c] = static_cast<float>(dg);
    dbeta[c] = static_cast<float>(sumG[c]);
    a[c] = static_cast<float>(ac);
    b[c] = static_cast<float>(bc);
    d[c] = static_cast<float>(-ac * sumG[c] / M);
  }
  eachRow(s, parallel, [&](std::size_t r) {
    const float* __restrict xr = x + r * C;
    const float* __restrict gr = dy + r * C;
    float* __restrict out = dx + r * C;
    const float *__restrict pa = a.data(), *__restrict pb = b.data(), *__restrict pd = d.data(), *__restrict m = mean;
    if (y != nullptr) {
      const float* __restrict yr = y + r * C;
      for (std::size_t c = 0; c < C; c++) out[c] = (yr[c] > 0.f ? gr[c] : 0.f) * pa[c] + (xr[c] - m[c]) * pb[c] + pd[c];
    } else {
      for (std::size_t c = 0; c < C; c++) out[c] = gr[c] * pa[c] + (xr[c] - m[c]) * pb[c] + pd[c];
    }
  });
}

void batchNormInference(const BatchNormShape& s, const float* x, const float* mean, const float* variance, const float* gamma,
                        const float* beta, float epsilon, float* y, const ParallelFor& parallel) {
  const std::size_t C = static_cast<std::size_t>(s.channels);
  std::vector<float> scale(C);
  for (std::size_t c = 0; c < C; c++) scale[c] = static_cast<float>(gamma[c] / std::sqrt(static_cast<double>(variance[c]) + epsilon));
  eachRow(s, parallel, [&](std::size_t r) {
    const float* __restrict xr = x + r * C;
    float* __restrict yr = y + r * C;
    const float *__restrict a = scale.data(), *__restrict m = mean, *__restrict b = beta;
    for (std::size_t c = 0; c < C; c++) yr[c] = (xr[c] - m[c]) * a[c] + b[c];
  });
}

}  // namespace layerloom
