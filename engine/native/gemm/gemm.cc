// C = op(A)·op(B) with an MR×NR register tile. One operand is read in place with any strides
// (its scalars are broadcast, so a transpose costs nothing); the other is packed into
// panels of NR columns, contiguous along K, zero-padded. Which one is packed: the smaller,
// op(A) (m×k) or op(B) (k×n). Packing op(A) computes Cᵀ = op(B)ᵀ·op(A)ᵀ and writes each
// tile transposed. For a dense layer at batch 64 (m = 64) that packs the activations rather
// than the weights: 3072→256 packs 196 K floats instead of 786 K, and dy·Wᵀ no longer
// gathers W's columns (the old kernel: 2.6 ms; PyTorch 2.13: 0.8 ms).
#include "gemm/gemm.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "common/simd.h"
#include "common/thread_pool.h"
#include "gemm/row_kernel.h"

namespace layerloom {
namespace {

// Rows of a tile (broadcast operand) and its columns (one packed panel: two vectors): 12
// accumulators with AVX2's 16 registers, 24 with AVX-512's 32.
constexpr int MR = L == 16 ? 12 : 6;
constexpr int NR = 2 * L;
constexpr int GROUP = 8;  // row tiles per work item

// Element (r, p) of a matrix at data[r·rs + p·ks].
struct View {
  const float* data;
  long rs, ks;
  float at(long r, long p) const { return data[r * rs + p * ks]; }
};

// tile[R][NR] = Σ_p x(r, p) · panel[p][0..NR) for R rows. Tried: K in slices of 256 (the
// panel's slice in L1 across a group's tiles): 1.0 → 1.4 ms single-threaded on dy·Wᵀ.
template <int R, int V>
struct TileKernel {
  static void run(const float* x, long rs, long ks, const float* panel, int k, float* tile) {
    vf acc[R][V];
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
      _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) acc[r][v] = splat(0.f);
    for (int p = 0; p < k; p++, x += ks, panel += NR) {
      vf b[V];
      _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) b[v] = loadv(panel + v * L);
      _Pragma("GCC unroll 16") for (int r = 0; r < R; r++) {
        const vf a = splat(x[r * rs]);
        _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) acc[r][v] += a * b[v];
      }
    }
    _Pragma("GCC unroll 16") for (int r = 0; r < R; r++)
      _Pragma("GCC unroll 4") for (int v = 0; v < V; v++) storev(tile + r * NR + v * L, acc[r][v]);
  }
};

// y (k × cols, element (p, j) = y.at(j, p)) packed as panels [cols/NR][k][NR].
void pack(const View& y, int k, int cols, std::vector<float>* packed) {
  const int panels = (cols + NR - 1) / NR;
  packed->assign(static_cast<size_t>(panels) * k * NR, 0.f);
  parallelChunks(panels, [&](int, int from, int to) {
    for (int q = from; q < to; q++) {
      float* dst = packed->data() + static_cast<size_t>(q) * k * NR;
      const int width = std::min(NR, cols - q * NR);
      for (int j = 0; j < width; j++)
        for (int p = 0; p < k; p++) dst[static_cast<size_t>(p) * NR + j] = y.at(q * NR + j, p);
    }
  });
}

}  // namespace

void gemm(const Gemm& g, const float* a, const float* b, float* c) {
  const bool swap = g.m < g.n;  // pack op(A) and compute Cᵀ
  // x: the broadcast operand, rows × k; y: the packed one, cols columns.
  const int rows = swap ? g.n : g.m, cols = swap ? g.m : g.n;
  const size_t sizeA = static_cast<size_t>(g.m) * g.k, sizeB = static_cast<size_t>(g.k) * g.n;
  // op(A)(i, p) and op(B)(p, j) as Views indexed (row of op(A) | column of op(B), p).
  const long aRs = g.transA ? 1 : g.k, aKs = g.transA ? g.m : 1;
  const long bRs = g.transB ? g.k : 1, bKs = g.transB ? 1 : g.n;
  const bool packedShared = swap ? g.broadcastA : g.broadcastB;
  const int rowTiles = (rows + MR - 1) / MR, panels = (cols + NR - 1) / NR;
  // Work items: a panel × a group of up to GROUP row tiles, smaller groups where that
  // would leave a thread idle.
  const int groupTiles = std::max(1, std::min(GROUP, rowTiles * panels / (2 * pool().threads())));
  const int groups = (rowTiles + groupTiles - 1) / groupTiles;
  std::vector<float> packed;
  for (int z = 0; z < g.batch; z++) {
    const View opA{a + (g.broadcastA ? 0 : sizeA * z), aRs, aKs};
    const View opB{b + (g.broadcastB ? 0 : sizeB * z), bRs, bKs};
    const View& x = swap ? opB : opA;
    if (z == 0 || !packedShared) pack(swap ? opA : opB, g.k, cols, &packed);
    float* cz = c + static_cast<size_t>(g.m) * g.n * z;
    pool().run(panels * groups, [&](int item) {
      const int q = item % panels, t0 = (item / panels) * groupTiles, t1 = std::min(rowTiles, t0 + groupTiles);
      const float* panel = packed.data() + static_cast<size_t>(q) * g.k * NR;
      const int width = std::min(NR, cols - q * NR);
      float out[MR * NR];
      for (int t = t0; t < t1; t++) {
        const int r0 = t * MR, height = std::min(MR, rows - r0);
        withRows<2, TileKernel>(height, x.data + r0 * x.rs, x.rs, x.ks, panel, g.k, out);
        for (int r = 0; r < height; r++)
          for (int j = 0; j < width; j++) {
            const size_t i = swap ? static_cast<size_t>(q * NR + j) * g.n + r0 + r : static_cast<size_t>(r0 + r) * g.n + q * NR + j;
            cz[i] = out[r * NR + j];
          }
      }
    });
  }
}

}  // namespace layerloom
