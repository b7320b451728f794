#include <cstddef>
#include <vector>

#include "bias/bias.h"

namespace layerloom {

void biasAddRef(const float* x, const float* bias, int rows, int c, Activation act, float* y) {
  for (size_t i = 0; i < static_cast<size_t>(rows) * c; i++) y[i] = act(x[i] + bias[i % c]);
}

void columnSumsRef(const float* x, int rows, int c, float* out) {
  std::vector<double> s(c, 0.0);
  for (size_t i = 0; i < static_cast<size_t>(rows) * c; i++) s[i % c] += x[i];
  for (int i = 0; i < c; i++) out[i] = static_cast<float>(s[i]);
}

void activationBiasGradRef(const float* dy, const float* y, float alpha, int rows, int c, float* dz, float* sums) {
  for (size_t i = 0; i < static_cast<size_t>(rows) * c; i++) dz[i] = y[i] > 0.f ? dy[i] : alpha * dy[i];
  columnSumsRef(dz, rows, c, sums);
}

}  // namespace layerloom
