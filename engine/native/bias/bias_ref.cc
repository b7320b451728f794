#include <cstddef>
#include <vector>

#include "bias/bias.h"

namespace layerloom {

void biasAddRef(const float* x, const float* bias, int rows, int c, float* y) {
  for (size_t i = 0; i < static_cast<size_t>(rows) * c; i++) y[i] = x[i] + bias[i % c];
}

void columnSumsRef(const float* x, int rows, int c, float* out) {
  std::vector<double> s(c, 0.0);
  for (size_t i = 0; i < static_cast<size_t>(rows) * c; i++) s[i % c] += x[i];
  for (int i = 0; i < c; i++) out[i] = static_cast<float>(s[i]);
}

}  // namespace layerloom
