#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

#include "bias/bias.h"
#include "common/simd.h"
#include "common/thread_pool.h"

namespace layerloom {

void biasAdd(const float* x, const float* bias, int rows, int c, Activation act, float* y) {
  auto run = [&](int from, int to) {
    for (int r = from; r < to; r++) {
      const float* a = x + static_cast<size_t>(r) * c;
      float* o = y + static_cast<size_t>(r) * c;
      if (act.kind == Activation::kLinear) {
        for (int i = 0; i < c; i++) o[i] = a[i] + bias[i];
      } else {
        for (int i = 0; i < c; i++) o[i] = act(a[i] + bias[i]);
      }
    }
  };
  // A dense layer's [64, 128] is done before the pool's threads would wake.
  if (static_cast<size_t>(rows) * c < (size_t{1} << 15)) {
    run(0, rows);
  } else {
    parallelChunks(rows, [&](int, int from, int to) { run(from, to); });
  }
}

namespace {

// Columns are summed a "period" at a time: the fewest whole rows that are also whole vectors
// (lcm(c, L) floats, 48 for LeNet's 6 channels), so every add is a full vector however few
// channels a layer has (a row at a time, 6 of 16 lanes did work: 0.15 ms on [64,28,28,6]).
// Rows wider than kMaxPeriod are their own period, with a scalar tail.
constexpr int kMaxPeriod = 1024;
// Float accumulators are flushed to double this often, so long sums stay accurate.
constexpr int kFlushPeriods = 256;
// Below this many floats the pool's wake-up costs more than the pass.
constexpr size_t kInlineFloats = size_t{1} << 15;

template <bool kMask>
void sumColumns(const float* dy, const float* y, float alpha, int rows, int c, float* dz, float* sums) {
  const long lcm = static_cast<long>(c) / std::gcd(c, L) * L;
  const int period = lcm <= kMaxPeriod ? static_cast<int>(lcm) : c;
  const int rowsPerPeriod = period / c;
  const int vectorFloats = period / L * L;
  const int periods = rows / rowsPerPeriod;
  const size_t total = static_cast<size_t>(rows) * c;
  const int tasks = std::max(1, total < kInlineFloats ? 1 : std::min(periods, pool().threads()));
  std::vector<std::vector<double>> partial(tasks, std::vector<double>(period, 0.0));
  const vf zero = splat(0.f), slope = splat(alpha);

  auto body = [&](int t, int from, int to) {
    std::vector<float> acc(period, 0.f);
    std::vector<double>& out = partial[t];
    auto flush = [&] {
      for (int i = 0; i < period; i++) { out[i] += acc[i]; acc[i] = 0.f; }
    };
    for (int p = from; p < to; p++) {
      const size_t base = static_cast<size_t>(p) * period;
      const float* d = dy + base;
      for (int i = 0; i < vectorFloats; i += L) {
        vf g = loadv(d + i);
        if constexpr (kMask) {
          g = reinterpret_cast<vf>(select(loadv(y + base + i) > zero, reinterpret_cast<vi>(g), reinterpret_cast<vi>(g * slope)));
          storev(dz + base + i, g);
        }
        storev(acc.data() + i, loadv(acc.data() + i) + g);
      }
      for (int i = vectorFloats; i < period; i++) {
        float g = d[i];
        if constexpr (kMask) {
          g = y[base + i] > 0.f ? g : alpha * g;
          dz[base + i] = g;
        }
        acc[i] += g;
      }
      if ((p - from) % kFlushPeriods == kFlushPeriods - 1) flush();
    }
    flush();
  };
  if (tasks == 1) {
    body(0, 0, periods);
  } else {
    pool().run(tasks, [&](int t) {
      body(t, static_cast<int>(static_cast<long long>(periods) * t / tasks), static_cast<int>(static_cast<long long>(periods) * (t + 1) / tasks));
    });
  }

  std::vector<double> s(c, 0.0);
  for (const std::vector<double>& p : partial)
    for (int i = 0; i < period; i++) s[i % c] += p[i];
  // The last rows - periods·rowsPerPeriod rows, fewer than one period.
  for (size_t i = static_cast<size_t>(periods) * period; i < total; i++) {
    float g = dy[i];
    if constexpr (kMask) {
      g = y[i] > 0.f ? g : alpha * g;
      dz[i] = g;
    }
    s[i % c] += g;
  }
  for (int i = 0; i < c; i++) sums[i] = static_cast<float>(s[i]);
}

}  // namespace

// out[c] = Σ_r x[r][c], summed per thread, then across threads in a fixed order.
void columnSums(const float* x, int rows, int c, float* out) { sumColumns<false>(x, nullptr, 0.f, rows, c, nullptr, out); }

void activationBiasGrad(const float* dy, const float* y, float alpha, int rows, int c, float* dz, float* sums) {
  sumColumns<true>(dy, y, alpha, rows, c, dz, sums);
}

}  // namespace layerloom
