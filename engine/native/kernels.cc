// Layerloom's native CPU kernels: the hot training kernels of a small conv net (convolution
// forward, its filter and input gradients, the dense layers' matmul, max-pool gradient, bias
// add and bias gradient, Adam and momentum updates), run on float32 NHWC buffers that live
// in the TF.js WASM backend's heap. Loaded optionally (engine/backend/native-kernels.ts);
// where it is missing the WASM kernels do the work.
//
// Why not im2col + GEMM: LeNet's convs have 3–16 channels, where im2col's copy costs as much
// as the multiply. In NHWC a stride-s convolution's patch for output column ox is the
// contiguous run row[ox·s·Ci, ox·s·Ci + kw·Ci) of a (zero-padded) input row, so each
// (output row, kernel row) pair is a small GEMM whose A rows overlap in place: no copy.
// The micro-kernels below keep R×V accumulators of 8 floats in registers (GCC/Clang vector
// extensions: AVX2/FMA under -march=native where the CPU has them, SSE or NEON otherwise)
// and loop over that GEMM's K.
//
// Threads: a small persistent pool (hardware threads, at most LAYERLOOM_THREADS) splits
// work by image; the filter gradient gives each thread its own accumulator, summed after.
#include <node_api.h>

#include <dlfcn.h>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "elementwise/activations.h"
#include "elementwise/strided-copy.h"
#include "norm/batchnorm.h"

namespace {

typedef float v8 __attribute__((vector_size(32)));
// The same vector as a memory type that may sit at any float address and alias floats:
// loads and stores through it are single unaligned moves (memcpy into a v8 was compiled
// to two 16-byte halves and a stalled 32-byte reload: 10× slower).
typedef float v8u __attribute__((vector_size(32), aligned(4), may_alias));
constexpr int L = 8;

inline v8 load8(const float* p) { return *reinterpret_cast<const v8u*>(p); }
inline void store8(float* p, v8 v) { *reinterpret_cast<v8u*>(p) = v; }
inline v8 splat(float s) { return v8{s, s, s, s, s, s, s, s}; }
inline int roundUp(int n, int m) { return (n + m - 1) / m * m; }

// ---------------------------------------------------------------------------------------
// Thread pool

class Pool {
 public:
  explicit Pool(int threads) {
    for (int i = 1; i < threads; i++) workers_.emplace_back([this] { work(); });
  }
  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs fn(t) for t in [0, tasks) on the pool and the calling thread; returns when all are
  // done. A second JS thread calling in while the pool is busy runs its tasks inline.
  // Helpers sleep on a condition variable between jobs. Tried and measured slower on this
  // 2-core machine (alternating runs of the bench): helpers spinning before they sleep, as
  // OpenMP runtimes do (~8% fewer images/s: the spin takes the core V8's background threads
  // need between kernels), and keeping small kernels on one thread (~7% fewer).
  void run(int tasks, const std::function<void(int)>& fn) {
    std::unique_lock<std::mutex> busy(runMu_, std::try_to_lock);
    if (!busy.owns_lock() || workers_.empty() || tasks <= 1) {
      for (int t = 0; t < tasks; t++) fn(t);
      return;
    }
    {
      std::lock_guard<std::mutex> l(mu_);
      fn_ = &fn;
      tasks_ = tasks;
      next_.store(0);
      active_ = static_cast<int>(workers_.size());
      generation_++;
    }
    wake_.notify_all();
    drain();
    std::unique_lock<std::mutex> l(mu_);
    finished_.wait(l, [this] { return active_ == 0; });
    fn_ = nullptr;
  }

 private:
  void drain() {
    for (;;) {
      int t = next_.fetch_add(1);
      if (t >= tasks_) return;
      (*fn_)(t);
    }
  }
  void work() {
#if defined(__linux__)
    // Helpers yield to interactive threads (the app's UI, the engine's event loop): a busy
    // machine then slows training a little instead of the interface. Linux nices threads
    // individually; elsewhere they keep the process's priority.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
#endif
    std::uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> l(mu_);
        wake_.wait(l, [&] { return generation_ != seen; });
        seen = generation_;
      }
      drain();
      std::lock_guard<std::mutex> l(mu_);
      if (--active_ == 0) finished_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex runMu_, mu_;
  std::condition_variable wake_, finished_;
  const std::function<void(int)>* fn_ = nullptr;
  int tasks_ = 0;
  std::atomic<int> next_{0};
  int active_ = 0;
  std::uint64_t generation_ = 0;
};

int configuredThreads() {
  int hw = static_cast<int>(std::thread::hardware_concurrency());
  if (hw < 1) hw = 1;
  const char* env = std::getenv("LAYERLOOM_THREADS");
  if (env != nullptr) {
    int n = std::atoi(env);
    if (n >= 1) return std::min(n, 64);
  }
  return std::min(hw, 8);
}

// Never destroyed: worker threads end with the process (joining them at exit could block
// on a JS thread still inside run()).
Pool& pool() {
  static Pool* p = new Pool(configuredThreads());
  return *p;
}

// Splits [0, n) into one contiguous chunk per task.
template <typename F>
void parallelChunks(int n, F body) {
  int tasks = std::min(n, pool().threads());
  if (tasks < 1) return;
  pool().run(tasks, [&](int t) {
    int from = static_cast<int>(static_cast<long long>(n) * t / tasks);
    int to = static_cast<int>(static_cast<long long>(n) * (t + 1) / tasks);
    body(t, from, to);
  });
}

// ---------------------------------------------------------------------------------------
// Convolution geometry and helpers

struct Conv {
  int n, h, w, ci;       // input
  int kh, kw, co;        // filter [kh, kw, ci, co]
  int sh, sw, pt, pl;    // strides, top/left padding
  int oh, ow;            // output
  int k() const { return kw * ci; }               // one kernel row's GEMM depth
  int padRow() const { return (ow - 1) * sw + kw; }   // pixels a padded input row must hold
  int padRows() const { return (oh - 1) * sh + kh; }  // rows a padded input must hold
};

// Image b copied into a zero border: padRows() rows of padRow() pixels, top-left padding
// included, plus slack for the vector tail, so every window reads without bounds checks.
struct PaddedImage {
  std::vector<float> data;
  int rowStride = 0;  // floats per padded row
  explicit PaddedImage(const Conv& c)
      : data(static_cast<size_t>(c.padRows()) * c.padRow() * c.ci + L), rowStride(c.padRow() * c.ci) {}
  void fill(const Conv& c, const float* x, int b) {
    std::fill(data.begin(), data.end(), 0.f);
    const int cols = std::min(c.w, c.padRow() - c.pl);
    const int rows = std::min(c.h, c.padRows() - c.pt);
    for (int iy = 0; iy < rows; iy++) {
      std::memcpy(&data[static_cast<size_t>(iy + c.pt) * rowStride + static_cast<size_t>(c.pl) * c.ci],
                  x + ((static_cast<size_t>(b) * c.h + iy) * c.w) * c.ci, sizeof(float) * static_cast<size_t>(cols) * c.ci);
    }
  }
};

// out[r][v] = init + Σ_ky Σ_k a[ky·rs + r·as + k] · wt[ky][k][v]  for R output columns and
// V vectors of 8 channels; the accumulators stay in registers across the whole window.
template <int R, int V>
inline void convRows(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, float* out) {
  v8 acc[R][V];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] = load8(out + r * co8 + v * L);
  for (int ky = 0; ky < kh; ky++) {
    const float* ar = a + ky * rs;
    const float* wr = wt + static_cast<size_t>(ky) * k * co8;
    for (int i = 0; i < k; i++) {
      v8 wv[V];
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) wv[v] = load8(wr + i * co8 + v * L);
      _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
        v8 av = splat(ar[r * as + i]);
        _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) acc[r][v] += av * wv[v];
      }
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) store8(out + r * co8 + v * L, acc[r][v]);
}

// Calls kernel<R>(…) with a compile-time R for a runtime 1 ≤ r ≤ 8: tails get as many
// independent accumulators as they can (one column alone is a chain of dependent FMAs).
template <int V, template <int, int> class K, typename... Args>
inline void withRows(int r, Args... args) {
  switch (r) {
    case 1: K<1, V>::run(args...); break;
    case 2: K<2, V>::run(args...); break;
    case 3: K<3, V>::run(args...); break;
    case 4: K<4, V>::run(args...); break;
    case 5: K<5, V>::run(args...); break;
    case 6: K<6, V>::run(args...); break;
    case 7: K<7, V>::run(args...); break;
    default: K<8, V>::run(args...); break;
  }
}

template <int R, int V>
struct ConvRows {
  static void run(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, float* out) {
    convRows<R, V>(a, rs, as, wt, co8, kh, k, out);
  }
};

// One output row: out[ow][co8] += windows · filter, blocked over channels (16 at a time,
// then 8) and output columns (6 or 8 at a time, then the rest at once).
void convRow(const float* a, int rs, int as, const float* wt, int co8, int kh, int k, int ow, float* out) {
  int v = 0;
  for (; v + 2 * L <= co8; v += 2 * L) {
    for (int x = 0; x < ow; x += 6)
      withRows<2, ConvRows>(std::min(6, ow - x), a + x * as, rs, as, wt + v, co8, kh, k, out + x * co8 + v);
  }
  for (; v < co8; v += L) {
    for (int x = 0; x < ow; x += 8)
      withRows<1, ConvRows>(std::min(8, ow - x), a + x * as, rs, as, wt + v, co8, kh, k, out + x * co8 + v);
  }
}

// Filter [kh][kw·ci][co] → [kh][kw·ci][co8] with zero channels up to a multiple of 8.
std::vector<float> packFilter(const Conv& c, const float* w, int co8) {
  std::vector<float> p(static_cast<size_t>(c.kh) * c.k() * co8 + L, 0.f);
  for (int r = 0; r < c.kh * c.k(); r++)
    std::memcpy(&p[static_cast<size_t>(r) * co8], w + static_cast<size_t>(r) * c.co, sizeof(float) * c.co);
  return p;
}

// y = act(conv(x, w) + bias); bias may be null; relu applies max(0, ·).
void convForward(const Conv& c, const float* x, const float* w, const float* bias, bool relu, float* y) {
  const int co8 = roundUp(c.co, L);
  const int k = c.k();
  const std::vector<float> wp = packFilter(c, w, co8);
  std::vector<float> init(co8, 0.f);
  if (bias != nullptr) std::memcpy(init.data(), bias, sizeof(float) * c.co);
  parallelChunks(c.n, [&](int, int from, int to) {
    PaddedImage img(c);
    std::vector<float> out(static_cast<size_t>(c.ow) * co8);
    for (int b = from; b < to; b++) {
      img.fill(c, x, b);
      for (int oy = 0; oy < c.oh; oy++) {
        for (int xo = 0; xo < c.ow; xo++) store8(&out[static_cast<size_t>(xo) * co8], load8(init.data()));
        for (int xo = 0; xo < c.ow; xo++)
          for (int v = L; v < co8; v += L) store8(&out[static_cast<size_t>(xo) * co8 + v], load8(init.data() + v));
        const float* a = &img.data[static_cast<size_t>(oy) * c.sh * img.rowStride];
        convRow(a, img.rowStride, c.sw * c.ci, wp.data(), co8, c.kh, k, c.ow, out.data());
        float* dst = y + (static_cast<size_t>(b) * c.oh + oy) * c.ow * c.co;
        for (int xo = 0; xo < c.ow; xo++) {
          const float* src = &out[static_cast<size_t>(xo) * co8];
          if (relu) for (int ch = 0; ch < c.co; ch++) dst[xo * c.co + ch] = std::max(src[ch], 0.f);
          else for (int ch = 0; ch < c.co; ch++) dst[xo * c.co + ch] = src[ch];
        }
      }
    }
  });
}

// acc[r][v] += Σ_oy Σ_ox a[oy·rs + ox·as + r] · d[oy][ox][v]  for R consecutive entries of a
// filter row's K and V vectors of 8 channels: the sum over a whole image in registers.
template <int R, int V>
inline void filterGradRows(const float* a, int rs, int as, const float* d, int co8, int oh, int ow, float* acc) {
  v8 s[R][V];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) s[r][v] = load8(acc + r * co8 + v * L);
  for (int oy = 0; oy < oh; oy++) {
    const float* ar = a + oy * rs;
    const float* dr = d + static_cast<size_t>(oy) * ow * co8;
    for (int xo = 0; xo < ow; xo++) {
      v8 dv[V];
      _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) dv[v] = load8(dr + xo * co8 + v * L);
      _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
        v8 av = splat(ar[xo * as + r]);
        _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) s[r][v] += av * dv[v];
      }
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
    _Pragma("GCC unroll 16") for (int v = 0; v < V; v++) store8(acc + r * co8 + v * L, s[r][v]);
}

template <int R, int V>
struct FilterGradRows {
  static void run(const float* a, int rs, int as, const float* d, int co8, int oh, int ow, float* acc) {
    filterGradRows<R, V>(a, rs, as, d, co8, oh, ow, acc);
  }
};

// dW[ky] (k × co8) += Σ over one image, blocked like convRow.
void filterGradKernelRow(const float* a, int rs, int as, const float* d, int co8, int k, int oh, int ow, float* acc) {
  int v = 0;
  for (; v + 2 * L <= co8; v += 2 * L) {
    for (int i = 0; i < k; i += 6)
      withRows<2, FilterGradRows>(std::min(6, k - i), a + i, rs, as, d + v, co8, oh, ow, acc + i * co8 + v);
  }
  for (; v < co8; v += L) {
    for (int i = 0; i < k; i += 8)
      withRows<1, FilterGradRows>(std::min(8, k - i), a + i, rs, as, d + v, co8, oh, ow, acc + i * co8 + v);
  }
}

// dw[ky][kx][ci][co] = Σ_{b,oy,ox} xpad[b, oy·sh+ky, ox·sw+kx, ci] · dy[b, oy, ox, co]
void convFilterGrad(const Conv& c, const float* x, const float* dy, float* dw) {
  const int co8 = roundUp(c.co, L);
  const int k = c.k();
  const size_t accSize = static_cast<size_t>(c.kh) * k * co8;
  const int tasks = std::min(c.n, pool().threads());
  std::vector<std::vector<float>> partial(std::max(tasks, 1), std::vector<float>(accSize, 0.f));
  parallelChunks(c.n, [&](int t, int from, int to) {
    std::vector<float>& acc = partial[t];
    PaddedImage img(c);
    std::vector<float> d(static_cast<size_t>(c.oh) * c.ow * co8, 0.f);
    for (int b = from; b < to; b++) {
      img.fill(c, x, b);
      const float* src = dy + static_cast<size_t>(b) * c.oh * c.ow * c.co;
      for (int p = 0; p < c.oh * c.ow; p++)
        for (int ch = 0; ch < c.co; ch++) d[static_cast<size_t>(p) * co8 + ch] = src[static_cast<size_t>(p) * c.co + ch];
      for (int ky = 0; ky < c.kh; ky++) {
        filterGradKernelRow(&img.data[static_cast<size_t>(ky) * img.rowStride], c.sh * img.rowStride, c.sw * c.ci, d.data(), co8,
                            k, c.oh, c.ow, &acc[static_cast<size_t>(ky) * k * co8]);
      }
    }
  });
  for (int r = 0; r < c.kh * k; r++) {
    for (int ch = 0; ch < c.co; ch++) {
      float s = 0.f;
      for (const std::vector<float>& p : partial) s += p[static_cast<size_t>(r) * co8 + ch];
      dw[static_cast<size_t>(r) * c.co + ch] = s;
    }
  }
}

// dx[b, oy·sh+ky−pt, ox·sw+kx−pl, ci] += Σ_co dy[b, oy, ox, co] · w[ky, kx, ci, co]
// Scattered one output pixel at a time into a zero-padded copy of the image's rows: the
// patches overlap, so each pixel's K-long run is read, updated and written back.
void convInputGrad(const Conv& c, const float* dy, const float* w, float* dx) {
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

// ---------------------------------------------------------------------------------------
// Matrix multiply (dense layers): C[z] = op(A[z]) · op(B[z]), op = transpose or not.

struct Gemm {
  int batch, m, n, k;
  bool transA, transB;
  bool broadcastA, broadcastB;  // one matrix shared by every batch entry
};

void gemm(const Gemm& g, const float* a, const float* b, float* c) {
  const int n8 = roundUp(g.n, L);
  const size_t sizeA = static_cast<size_t>(g.m) * g.k, sizeB = static_cast<size_t>(g.k) * g.n;
  // Row blocks of 48 keep both threads busy for small batches and the block's output in L1.
  const int tasks = std::min((g.m + 47) / 48, pool().threads() * 4);
  std::vector<float> packedB;
  for (int z = 0; z < g.batch; z++) {
    const float* az = a + (g.broadcastA ? 0 : sizeA * z);
    const float* bz = b + (g.broadcastB ? 0 : sizeB * z);
    if (z == 0 || !g.broadcastB) {
      // op(B) as [k][n8], zero-padded channels, as the conv kernels read filters.
      packedB.assign(static_cast<size_t>(g.k) * n8 + L, 0.f);
      for (int i = 0; i < g.k; i++)
        for (int j = 0; j < g.n; j++)
          packedB[static_cast<size_t>(i) * n8 + j] = g.transB ? bz[static_cast<size_t>(j) * g.k + i] : bz[static_cast<size_t>(i) * g.n + j];
    }
    float* cz = c + static_cast<size_t>(g.m) * g.n * z;
    pool().run(tasks, [&](int t) {
      const int from = static_cast<int>(static_cast<long long>(g.m) * t / tasks);
      const int to = static_cast<int>(static_cast<long long>(g.m) * (t + 1) / tasks);
      if (from >= to) return;
      const int rows = to - from;
      std::vector<float> out(static_cast<size_t>(rows) * n8, 0.f);
      std::vector<float> rowsA;
      const float* ar = az + static_cast<size_t>(from) * g.k;
      if (g.transA) {  // op(A) rows are A's columns: gather them once
        rowsA.resize(static_cast<size_t>(rows) * g.k + L);
        for (int r = 0; r < rows; r++)
          for (int i = 0; i < g.k; i++) rowsA[static_cast<size_t>(r) * g.k + i] = az[static_cast<size_t>(i) * g.m + from + r];
        ar = rowsA.data();
      }
      convRow(ar, 0, g.k, packedB.data(), n8, 1, g.k, rows, out.data());
      for (int r = 0; r < rows; r++)
        for (int j = 0; j < g.n; j++) cz[static_cast<size_t>(from + r) * g.n + j] = out[static_cast<size_t>(r) * n8 + j];
    });
  }
}

// ---------------------------------------------------------------------------------------
// Pooling gradient, bias add, bias gradient

struct Pool2D {
  int n, h, w, c, kh, kw, sh, sw, pt, pl, oh, ow;
};

// dx gets each dy at the first maximum of its window (row-major, strict >, so NaN never
// wins), summed where windows overlap: the rule of engine/backend/maxpool-grad.ts.
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

// y[r][c] = x[r][c] + bias[c] for rows r.
void biasAdd(const float* x, const float* bias, int rows, int c, float* y) {
  parallelChunks(rows, [&](int, int from, int to) {
    for (int r = from; r < to; r++) {
      const float* a = x + static_cast<size_t>(r) * c;
      float* o = y + static_cast<size_t>(r) * c;
      for (int i = 0; i < c; i++) o[i] = a[i] + bias[i];
    }
  });
}

// out[c] = Σ_r x[r][c], summed per thread, then across threads in a fixed order.
void columnSums(const float* x, int rows, int c, float* out) {
  const int tasks = std::min(rows, pool().threads());
  std::vector<std::vector<double>> partial(std::max(tasks, 1), std::vector<double>(c, 0.0));
  parallelChunks(rows, [&](int t, int from, int to) {
    std::vector<float> s(static_cast<size_t>(c), 0.f);
    std::vector<double>& acc = partial[t];
    // Float lanes for speed, flushed to double every 256 rows so long sums stay accurate.
    for (int r = from; r < to; r++) {
      const float* a = x + static_cast<size_t>(r) * c;
      for (int i = 0; i < c; i++) s[i] += a[i];
      if ((r - from) % 256 == 255) {
        for (int i = 0; i < c; i++) { acc[i] += s[i]; s[i] = 0.f; }
      }
    }
    for (int i = 0; i < c; i++) acc[i] += s[i];
  });
  for (int i = 0; i < c; i++) {
    double s = 0.0;
    for (const std::vector<double>& p : partial) s += p[i];
    out[i] = static_cast<float>(s);
  }
}

// ---------------------------------------------------------------------------------------
// Optimizer updates: one pass per weight instead of TF.js's ~12 (Adam) or 3 (momentum)
// elementwise kernels, each with its own dispatch and temporary tensors. The arithmetic is
// TF.js's, in its order, so a run matches the stock optimizers to float rounding.

struct AdamParams {
  float learningRate, beta1, beta2, epsilon, oneMinusAccBeta1, oneMinusAccBeta2;
};

void adamUpdate(const AdamParams& a, const float* value, const float* g, const float* m, const float* v, size_t n,
                float* outValue, float* outM, float* outV) {
  const int chunks = n >= (1u << 16) ? pool().threads() : 1;
  parallelChunks(chunks, [&](int t, int, int) {
    const size_t from = n * t / chunks, to = n * (t + 1) / chunks;
    for (size_t i = from; i < to; i++) {
      const float m1 = m[i] * a.beta1 + g[i] * (1.f - a.beta1);
      const float v1 = v[i] * a.beta2 + (g[i] * g[i]) * (1.f - a.beta2);
      const float mHat = m1 / a.oneMinusAccBeta1;
      const float vHat = v1 / a.oneMinusAccBeta2;
      outM[i] = m1;
      outV[i] = v1;
      outValue[i] = (mHat / (std::sqrt(vHat) + a.epsilon)) * -a.learningRate + value[i];
    }
  });
}

void momentumUpdate(float learningRate, float momentum, const float* value, const float* g, const float* accum, size_t n,
                    float* outValue, float* outAccum) {
  const int chunks = n >= (1u << 16) ? pool().threads() : 1;
  parallelChunks(chunks, [&](int t, int, int) {
    const size_t from = n * t / chunks, to = n * (t + 1) / chunks;
    for (size_t i = from; i < to; i++) {
      const float a1 = momentum * accum[i] + g[i];
      outAccum[i] = a1;
      outValue[i] = -learningRate * a1 + value[i];
    }
  });
}

// ---------------------------------------------------------------------------------------
// N-API glue: every function checks its arguments, so a caller's mistake is a JS
// exception, never a write outside a buffer.

struct Args {
  napi_env env;
  napi_value argv[8];
  size_t argc = 8;
  bool ok = true;
};

napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, "LAYERLOOM_NATIVE_ARGS", message);
  return nullptr;
}

// A Float32Array argument and its length in floats.
bool floats(napi_env env, napi_value v, float** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* ptr = nullptr;
  napi_value buffer;
  size_t offset = 0;
  if (napi_get_typedarray_info(env, v, &type, length, &ptr, &buffer, &offset) != napi_ok) return false;
  if (type != napi_float32_array) return false;
  *data = static_cast<float*>(ptr);
  return true;
}

bool ints(napi_env env, napi_value v, std::vector<int>* out) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  size_t length = 0;
  void* ptr = nullptr;
  napi_value buffer;
  size_t offset = 0;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, &buffer, &offset) != napi_ok) return false;
  if (type != napi_int32_array) return false;
  const int32_t* p = static_cast<const int32_t*>(ptr);
  out->assign(p, p + length);
  return true;
}

// argv[0..N) as Float32Arrays (data and lengths); false if any is not one.
template <size_t N>
bool floatArgs(napi_env env, const napi_value* argv, float* (&data)[N], size_t (&length)[N]) {
  for (size_t i = 0; i < N; i++)
    if (!floats(env, argv[i], &data[i], &length[i])) return false;
  return true;
}

bool getArgs(napi_env env, napi_callback_info info, napi_value* argv, size_t want) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok) return false;
  return argc == want;
}

size_t product(std::initializer_list<int> dims) {
  size_t p = 1;
  for (int d : dims) p *= static_cast<size_t>(d);
  return p;
}

// geometry Int32Array: n h w ci kh kw co sh sw pt pl oh ow
bool convGeometry(napi_env env, napi_value v, Conv* c) {
  std::vector<int> g;
  if (!ints(env, v, &g) || g.size() != 13) return false;
  *c = Conv{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12]};
  if (c->n < 1 || c->h < 1 || c->w < 1 || c->ci < 1 || c->kh < 1 || c->kw < 1 || c->co < 1) return false;
  if (c->sh < 1 || c->sw < 1 || c->oh < 1 || c->ow < 1) return false;
  if (c->pt < 0 || c->pl < 0 || c->pt >= c->kh || c->pl >= c->kw) return false;
  // Every output pixel's window must start inside the padded image.
  return (c->oh - 1) * c->sh - c->pt < c->h && (c->ow - 1) * c->sw - c->pl < c->w;
}

size_t inputSize(const Conv& c) { return product({c.n, c.h, c.w, c.ci}); }
size_t outputSize(const Conv& c) { return product({c.n, c.oh, c.ow, c.co}); }
size_t filterSize(const Conv& c) { return product({c.kh, c.kw, c.ci, c.co}); }

// conv2d(geometry, x, w, bias | null, y, relu)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!getArgs(env, info, argv, 6)) return fail(env, "conv2d expects (geometry, x, w, bias|null, y, relu)");
  Conv c;
  if (!convGeometry(env, argv[0], &c)) return fail(env, "conv2d: geometry must be an Int32Array of 13 consistent sizes");
  float *x, *w, *y, *bias = nullptr;
  size_t nx, nw, ny, nb = 0;
  if (!floats(env, argv[1], &x, &nx) || !floats(env, argv[2], &w, &nw) || !floats(env, argv[4], &y, &ny))
    return fail(env, "conv2d: x, w and y must be Float32Arrays");
  napi_valuetype biasType;
  napi_typeof(env, argv[3], &biasType);
  if (biasType != napi_null && (!floats(env, argv[3], &bias, &nb) || nb != static_cast<size_t>(c.co)))
    return fail(env, "conv2d: bias must be null or a Float32Array of co values");
  bool relu = false;
  if (napi_get_value_bool(env, argv[5], &relu) != napi_ok) return fail(env, "conv2d: relu must be a boolean");
  if (nx != inputSize(c) || nw != filterSize(c) || ny != outputSize(c)) return fail(env, "conv2d: a buffer's length does not match the geometry");
  convForward(c, x, w, bias, relu, y);
  return nullptr;
}

// The two conv gradients take (geometry, three buffers) in their own order and check the
// same things: `names` lists the buffers, `sizes` what each must hold.
napi_value convGradient(napi_env env, napi_callback_info info, const std::string& name, const std::string& names,
                        const std::array<size_t (*)(const Conv&), 3>& sizes,
                        void (*run)(const Conv&, const float*, const float*, float*)) {
  napi_value argv[4];
  if (!getArgs(env, info, argv, 4)) return fail(env, (name + " expects (geometry, " + names + ")").c_str());
  Conv c;
  if (!convGeometry(env, argv[0], &c)) return fail(env, (name + ": geometry must be an Int32Array of 13 consistent sizes").c_str());
  float* buf[3];
  size_t len[3];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, (name + ": " + names + " must be Float32Arrays").c_str());
  for (int i = 0; i < 3; i++)
    if (len[i] != sizes[i](c)) return fail(env, (name + ": a buffer's length does not match the geometry").c_str());
  run(c, buf[0], buf[1], buf[2]);
  return nullptr;
}

napi_value Conv2dFilterGrad(napi_env env, napi_callback_info info) {
  return convGradient(env, info, "conv2dFilterGrad", "x, dy, dw", {inputSize, outputSize, filterSize}, convFilterGrad);
}

napi_value Conv2dInputGrad(napi_env env, napi_callback_info info) {
  return convGradient(env, info, "conv2dInputGrad", "dy, w, dx", {outputSize, filterSize, inputSize}, convInputGrad);
}

// maxPoolGrad(geometry, x, dy, dx); geometry: n h w c kh kw sh sw pt pl oh ow
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!getArgs(env, info, argv, 4)) return fail(env, "maxPoolGrad expects (geometry, x, dy, dx)");
  std::vector<int> g;
  if (!ints(env, argv[0], &g) || g.size() != 12) return fail(env, "maxPoolGrad: geometry must be an Int32Array of 12 sizes");
  Pool2D p{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]};
  if (p.n < 1 || p.h < 1 || p.w < 1 || p.c < 1 || p.kh < 1 || p.kw < 1 || p.sh < 1 || p.sw < 1 || p.oh < 1 || p.ow < 1 || p.pt < 0 || p.pl < 0)
    return fail(env, "maxPoolGrad: geometry holds an impossible size");
  float* buf[3];  // x, dy, dx
  size_t len[3];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, "maxPoolGrad: x, dy and dx must be Float32Arrays");
  if (len[0] != product({p.n, p.h, p.w, p.c}) || len[2] != len[0] || len[1] != product({p.n, p.oh, p.ow, p.c}))
    return fail(env, "maxPoolGrad: a buffer's length does not match the geometry");
  maxPoolGrad(p, buf[0], buf[1], buf[2]);
  return nullptr;
}

// matMul(geometry, a, b, c); geometry: batch m n k transA transB broadcastA broadcastB
napi_value MatMul(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!getArgs(env, info, argv, 4)) return fail(env, "matMul expects (geometry, a, b, c)");
  std::vector<int> g;
  if (!ints(env, argv[0], &g) || g.size() != 8) return fail(env, "matMul: geometry must be an Int32Array of 8 values");
  Gemm m{g[0], g[1], g[2], g[3], g[4] != 0, g[5] != 0, g[6] != 0, g[7] != 0};
  if (m.batch < 1 || m.m < 1 || m.n < 1 || m.k < 1) return fail(env, "matMul: geometry holds an impossible size");
  float* buf[3];  // a, b, c
  size_t len[3];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, "matMul: a, b and c must be Float32Arrays");
  if (len[0] != product({m.broadcastA ? 1 : m.batch, m.m, m.k}) || len[1] != product({m.broadcastB ? 1 : m.batch, m.k, m.n}) ||
      len[2] != product({m.batch, m.m, m.n}))
    return fail(env, "matMul: a buffer's length does not match the geometry");
  gemm(m, buf[0], buf[1], buf[2]);
  return nullptr;
}

// biasAdd(x, bias, y): x and y hold whole rows of bias.length values.
napi_value BiasAdd(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!getArgs(env, info, argv, 3)) return fail(env, "biasAdd expects (x, bias, y)");
  float* buf[3];  // x, bias, y
  size_t len[3];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "biasAdd: x, bias and y must be Float32Arrays");
  const size_t nx = len[0], nb = len[1];
  if (nb == 0 || len[2] != nx || nx % nb != 0 || nx / nb > 0x7fffffff) return fail(env, "biasAdd: x and y must hold whole rows of bias");
  biasAdd(buf[0], buf[1], static_cast<int>(nx / nb), static_cast<int>(nb), buf[2]);
  return nullptr;
}

// columnSums(x, out): out[c] = Σ_r x[r][c] with c = out.length.
napi_value ColumnSums(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!getArgs(env, info, argv, 2)) return fail(env, "columnSums expects (x, out)");
  float* buf[2];  // x, out
  size_t len[2];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "columnSums: x and out must be Float32Arrays");
  const size_t nx = len[0], nout = len[1];
  if (nout == 0 || nx % nout != 0 || nx / nout > 0x7fffffff) return fail(env, "columnSums: x must hold whole rows of out");
  columnSums(buf[0], static_cast<int>(nx / nout), static_cast<int>(nout), buf[1]);
  return nullptr;
}

bool sameLength(size_t n, std::initializer_list<size_t> others) {
  for (size_t o : others) if (o != n) return false;
  return true;
}

// adamUpdate(params, value, gradient, m, v, outValue, outM, outV);
// params Float32Array: learningRate beta1 beta2 epsilon (1 − beta1^t) (1 − beta2^t)
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!getArgs(env, info, argv, 8)) return fail(env, "adamUpdate expects (params, value, gradient, m, v, outValue, outM, outV)");
  float* buf[8];
  size_t len[8];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "adamUpdate: every argument must be a Float32Array");
  if (len[0] != 6) return fail(env, "adamUpdate: params must hold 6 values");
  if (!sameLength(len[1], {len[2], len[3], len[4], len[5], len[6], len[7]})) return fail(env, "adamUpdate: the weight, gradient and state lengths differ");
  const AdamParams a{buf[0][0], buf[0][1], buf[0][2], buf[0][3], buf[0][4], buf[0][5]};
  adamUpdate(a, buf[1], buf[2], buf[3], buf[4], len[1], buf[5], buf[6], buf[7]);
  return nullptr;
}

// momentumUpdate(params, value, gradient, accum, outValue, outAccum); params: learningRate momentum
napi_value MomentumUpdate(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!getArgs(env, info, argv, 6)) return fail(env, "momentumUpdate expects (params, value, gradient, accum, outValue, outAccum)");
  float* buf[6];
  size_t len[6];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "momentumUpdate: every argument must be a Float32Array");
  if (len[0] != 2) return fail(env, "momentumUpdate: params must hold 2 values");
  if (!sameLength(len[1], {len[2], len[3], len[4], len[5]})) return fail(env, "momentumUpdate: the weight, gradient and state lengths differ");
  momentumUpdate(buf[0][0], buf[0][1], buf[1], buf[2], buf[3], len[1], buf[4], buf[5]);
  return nullptr;
}

// ---------------------------------------------------------------------------------------
// N-API glue: normalisation (engine/native/norm/). params[last] != 0 picks the reference
// implementation, so tests can compare the two through the same checks.

const layerloom::ParallelFor poolFor = [](int tasks, const std::function<void(int)>& fn) { pool().run(tasks, fn); };

// batchNormForward(params, x, gamma, beta, y, mean, variance); params: epsilon relu reference
napi_value BatchNormForward(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!getArgs(env, info, argv, 7)) return fail(env, "batchNormForward expects (params, x, gamma, beta, y, mean, variance)");
  float* buf[7];
  size_t len[7];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "batchNormForward: every argument must be a Float32Array");
  const size_t C = len[2];
  if (len[0] != 3) return fail(env, "batchNormForward: params must hold epsilon, relu, reference");
  if (C == 0 || C > 0x7fffffff || !sameLength(C, {len[3], len[5], len[6]}) || len[1] % C != 0 || len[4] != len[1])
    return fail(env, "batchNormForward: x and y must hold whole rows of gamma.length channels, and beta, mean, variance one value per channel");
  if (len[1] == 0) return fail(env, "batchNormForward: x is empty");
  const layerloom::BatchNormShape s{len[1] / C, static_cast<int>(C)};
  const float epsilon = buf[0][0];
  const bool relu = buf[0][1] != 0;
  if (buf[0][2] != 0) layerloom::batchNormTrainForwardRef(s, buf[1], buf[2], buf[3], epsilon, relu, buf[4], buf[5], buf[6]);
  else layerloom::batchNormTrainForward(s, buf[1], buf[2], buf[3], epsilon, relu, buf[4], buf[5], buf[6], poolFor);
  return nullptr;
}

// batchNormBackward(params, x, dy, y | null, gamma, mean, variance, dx, dgamma, dbeta); params: epsilon reference.
// y (the forward's output) is given when a ReLU was fused into the forward.
napi_value BatchNormBackward(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!getArgs(env, info, argv, 10)) return fail(env, "batchNormBackward expects (params, x, dy, y|null, gamma, mean, variance, dx, dgamma, dbeta)");
  float* buf[10] = {};
  size_t len[10] = {};
  napi_valuetype yType;
  napi_typeof(env, argv[3], &yType);
  for (int i = 0; i < 10; i++) {
    if (i == 3 && yType == napi_null) continue;
    if (!floats(env, argv[i], &buf[i], &len[i])) return fail(env, "batchNormBackward: every argument but y must be a Float32Array; y a Float32Array or null");
  }
  const size_t C = len[4];
  if (len[0] != 2) return fail(env, "batchNormBackward: params must hold epsilon, reference");
  if (C == 0 || C > 0x7fffffff || !sameLength(C, {len[5], len[6], len[8], len[9]}) || len[1] == 0 || len[1] % C != 0 ||
      !sameLength(len[1], {len[2], len[7]}) || (buf[3] != nullptr && len[3] != len[1]))
    return fail(env, "batchNormBackward: x, dy, y and dx must hold whole rows of gamma.length channels, and mean, variance, dgamma, dbeta one value per channel");
  const layerloom::BatchNormShape s{len[1] / C, static_cast<int>(C)};
  const float epsilon = buf[0][0];
  if (buf[0][1] != 0) layerloom::batchNormTrainBackwardRef(s, buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], epsilon, buf[7], buf[8], buf[9]);
  else layerloom::batchNormTrainBackward(s, buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], epsilon, buf[7], buf[8], buf[9], poolFor);
  return nullptr;
}

// batchNormInference(params, x, mean, variance, gamma, beta, y); params: epsilon reference
napi_value BatchNormInference(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!getArgs(env, info, argv, 7)) return fail(env, "batchNormInference expects (params, x, mean, variance, gamma, beta, y)");
  float* buf[7];
  size_t len[7];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "batchNormInference: every argument must be a Float32Array");
  const size_t C = len[2];
  if (len[0] != 2) return fail(env, "batchNormInference: params must hold epsilon, reference");
  if (C == 0 || C > 0x7fffffff || !sameLength(C, {len[3], len[4], len[5]}) || len[1] == 0 || len[1] % C != 0 || len[6] != len[1])
    return fail(env, "batchNormInference: x and y must hold whole rows of mean.length channels, and variance, gamma, beta one value per channel");
  const layerloom::BatchNormShape s{len[1] / C, static_cast<int>(C)};
  if (buf[0][1] != 0) layerloom::batchNormInferenceRef(s, buf[1], buf[2], buf[3], buf[4], buf[5], buf[0][0], buf[6]);
  else layerloom::batchNormInference(s, buf[1], buf[2], buf[3], buf[4], buf[5], buf[0][0], buf[6], poolFor);
  return nullptr;
}

// ---------------------------------------------------------------------------------------
// N-API glue: element-wise and data movement (engine/native/elementwise/).

// stridedCopy(geometry, src, dst, reference): geometry Int32Array rank, shape[rank],
// srcStride[rank], dstStride[rank], srcOffset, dstOffset. src and dst Float32Arrays (an
// int32 tensor's bytes may be passed as one: the copy moves 4-byte elements).
napi_value StridedCopy(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!getArgs(env, info, argv, 4)) return fail(env, "stridedCopy expects (geometry, src, dst, reference)");
  std::vector<int> g;
  float *src, *dst;
  size_t nsrc, ndst;
  bool reference = false;
  if (!ints(env, argv[0], &g) || g.empty() || g[0] < 1 || g[0] > layerloom::kMaxCopyRank || g.size() != static_cast<size_t>(3 * g[0] + 3))
    return fail(env, "stridedCopy: geometry must be an Int32Array of rank, shape, srcStride, dstStride, srcOffset, dstOffset");
  if (!floats(env, argv[1], &src, &nsrc) || !floats(env, argv[2], &dst, &ndst)) return fail(env, "stridedCopy: src and dst must be Float32Arrays");
  if (napi_get_value_bool(env, argv[3], &reference) != napi_ok) return fail(env, "stridedCopy: reference must be a boolean");
  layerloom::StridedBox b{};
  b.rank = g[0];
  std::int64_t lastSrc = g[3 * b.rank + 1], lastDst = g[3 * b.rank + 2], total = 1;
  b.srcOffset = lastSrc;
  b.dstOffset = lastDst;
  for (int a = 0; a < b.rank; a++) {
    b.shape[a] = g[1 + a];
    b.srcStride[a] = g[1 + b.rank + a];
    b.dstStride[a] = g[1 + 2 * b.rank + a];
    if (b.shape[a] < 0 || b.srcStride[a] < 0 || b.dstStride[a] < 0) return fail(env, "stridedCopy: negative shape or stride");
    total *= b.shape[a];
    if (b.shape[a] > 0) {
      lastSrc += (b.shape[a] - 1) * b.srcStride[a];
      lastDst += (b.shape[a] - 1) * b.dstStride[a];
    }
  }
  if (b.srcOffset < 0 || b.dstOffset < 0 || (total > 0 && (lastSrc >= static_cast<std::int64_t>(nsrc) || lastDst >= static_cast<std::int64_t>(ndst))))
    return fail(env, "stridedCopy: the box reaches outside src or dst");
  const auto* s = reinterpret_cast<const std::uint32_t*>(src);
  auto* d = reinterpret_cast<std::uint32_t*>(dst);
  if (reference) layerloom::stridedCopyRef(b, s, d);
  else layerloom::stridedCopy(b, s, d, poolFor);
  return nullptr;
}

// activation(params, x, dy | null, out); params: op (0 tanh, 1 leakyRelu, 2 leakyRelu gradient), alpha, reference
napi_value ActivationEntry(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!getArgs(env, info, argv, 4)) return fail(env, "activation expects (params, x, dy|null, out)");
  float *params, *x, *dy = nullptr, *out;
  size_t np, nx, ndy = 0, nout;
  if (!floats(env, argv[0], &params, &np) || !floats(env, argv[1], &x, &nx) || !floats(env, argv[3], &out, &nout))
    return fail(env, "activation: params, x and out must be Float32Arrays");
  napi_valuetype dyType;
  napi_typeof(env, argv[2], &dyType);
  if (dyType != napi_null && !floats(env, argv[2], &dy, &ndy)) return fail(env, "activation: dy must be a Float32Array or null");
  if (np != 3 || params[0] < 0 || params[0] > 2 || params[0] != static_cast<float>(static_cast<int>(params[0])))
    return fail(env, "activation: params must hold op (0, 1 or 2), alpha, reference");
  const auto op = static_cast<layerloom::Activation>(static_cast<int>(params[0]));
  if (nout != nx || ((op == layerloom::Activation::LeakyReluGrad) != (dy != nullptr)) || (dy != nullptr && ndy != nx))
    return fail(env, "activation: out (and dy, for the gradient only) must have x's length");
  if (params[2] != 0) layerloom::activationRef(op, params[1], x, dy, out, nx);
  else layerloom::activation(op, params[1], x, dy, out, nx, poolFor);
  return nullptr;
}

// ---------------------------------------------------------------------------------------
// Module

// Whether this CPU runs the AVX2/FMA build (engine/native/build.mjs --portable makes both).
napi_value CpuHasAvx2Fma(napi_env env, napi_callback_info) {
  bool has = false;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  napi_value v;
  napi_get_boolean(env, has, &v);
  return v;
}

napi_value Threads(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, pool().threads(), &v);
  return v;
}

// Node unloads an addon when the worker thread that loaded it exits, while the pool's
// threads still have this library's code on their stacks: woken by a later caller (or, in
// a version whose helpers spun between jobs, at once) they would jump into unmapped memory.
// Opening ourselves once more with RTLD_NODELETE keeps the library mapped until exit.
void pinLibrary() {
  static bool pinned = false;
  if (pinned) return;
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&pinLibrary), &info) != 0 && info.dli_fname != nullptr) {
    pinned = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NODELETE) != nullptr;
  }
}

// engine/backend/native-kernels.ts refuses an addon of another version.
constexpr int kAbiVersion = 4;

napi_value Init(napi_env env, napi_value exports) {
  pinLibrary();
  const napi_property_descriptor props[] = {
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dFilterGrad", nullptr, Conv2dFilterGrad, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dInputGrad", nullptr, Conv2dInputGrad, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"maxPoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"matMul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"biasAdd", nullptr, BiasAdd, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"columnSums", nullptr, ColumnSums, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"momentumUpdate", nullptr, MomentumUpdate, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"cpuHasAvx2Fma", nullptr, CpuHasAvx2Fma, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"threads", nullptr, Threads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNormForward", nullptr, BatchNormForward, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNormBackward", nullptr, BatchNormBackward, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNormInference", nullptr, BatchNormInference, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"stridedCopy", nullptr, StridedCopy, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"activation", nullptr, ActivationEntry, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_value version;
  napi_create_int32(env, kAbiVersion, &version);
  napi_set_named_property(env, exports, "abiVersion", version);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
