// The N-API glue: the only file that knows JavaScript. Every entry point checks its
// arguments (types, geometry, buffer lengths), so a caller's mistake is a JS exception,
// never a write outside a buffer, then calls one kernel. Buffers are views of the TF.js
// WASM heap. The same entry points are exported twice: at the top level bound to the fast
// kernels, and under `reference` bound to the plain definitions (for tests).
#include <node_api.h>

#include <dlfcn.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "bias/bias.h"
#include "common/huge-pages.h"
#include "common/thread_pool.h"
#include "conv/conv.h"
#include "elementwise/activations.h"
#include "elementwise/dropout.h"
#include "elementwise/strided-copy.h"
#include "gemm/gemm.h"
#include "norm/batchnorm.h"
#include "optimizer/optimizer.h"
#include "pool/pool.h"

namespace layerloom {
namespace {

// Bumped whenever an entry point's arguments change; engine/backend/native-kernels.ts checks it.
constexpr int kAbiVersion = 10;

// One set of kernels the entry points call: the fast ones or the references.
struct KernelSet {
  void (*convForward)(const Conv&, const float*, const float*, const float*, Activation, float*);
  void (*convFilterGrad)(const Conv&, const float*, const float*, float*);
  void (*convInputGrad)(const Conv&, const float*, const float*, float*);
  void (*avgPoolGrad)(const Pool2D&, const float*, float*);
  void (*maxPoolGrad)(const Pool2D&, const float*, const float*, float*);
  void (*maxPool)(const Pool2D&, const float*, float*);
  void (*gemm)(const Gemm&, const float*, const float*, float*);
  void (*biasAdd)(const float*, const float*, int, int, Activation, float*);
  void (*columnSums)(const float*, int, int, float*);
  void (*activationBiasGrad)(const float*, const float*, float, int, int, float*, float*);
};

const KernelSet kFast{convForward, convFilterGrad, convInputGrad, avgPoolGrad, maxPoolGrad, maxPool, gemm, biasAdd, columnSums,
                      activationBiasGrad};
const KernelSet kReference{convForwardRef, convFilterGradRef, convInputGradRef, avgPoolGradRef, maxPoolGradRef, maxPoolRef,
                           gemmRef, biasAddRef, columnSumsRef, activationBiasGradRef};

napi_value fail(napi_env env, const std::string& message) {
  napi_throw_error(env, "LAYERLOOM_NATIVE_ARGS", message.c_str());
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

// Exactly `want` arguments, and the kernel set this function was bound to.
bool getArgs(napi_env env, napi_callback_info info, napi_value* argv, size_t want, const KernelSet** set = nullptr) {
  size_t argc = want;
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return false;
  if (set != nullptr) *set = data != nullptr ? static_cast<const KernelSet*>(data) : &kFast;
  return argc == want;
}

size_t product(std::initializer_list<int> dims) {
  size_t p = 1;
  for (int d : dims) p *= static_cast<size_t>(d);
  return p;
}

bool sameLength(size_t n, std::initializer_list<size_t> others) {
  for (size_t o : others)
    if (o != n) return false;
  return true;
}

// geometry Int32Array: n h w ci kh kw co sh sw pt pl oh ow
bool convGeometry(napi_env env, napi_value v, Conv* c) {
  std::vector<int> g;
  if (!ints(env, v, &g) || g.size() != 13) return false;
  *c = Conv{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12]};
  return c->valid();
}

// conv2d(geometry, x, w, bias | null, y, activation, alpha): activation an Activation::Kind
// code, alpha leakyrelu's slope.
napi_value Conv2d(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 7, &set)) return fail(env, "conv2d expects (geometry, x, w, bias|null, y, activation, alpha)");
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
  int32_t code = 0;
  double alpha = 0;
  if (napi_get_value_int32(env, argv[5], &code) != napi_ok || !Activation::valid(code) || napi_get_value_double(env, argv[6], &alpha) != napi_ok)
    return fail(env, "conv2d: activation must be a code 0–5 and alpha a number");
  const Activation act{static_cast<Activation::Kind>(code), static_cast<float>(alpha)};
  if (nx != c.inputSize() || nw != c.filterSize() || ny != c.outputSize()) return fail(env, "conv2d: a buffer's length does not match the geometry");
  set->convForward(c, x, w, bias, act, y);
  return nullptr;
}

// The two conv gradients take (geometry, three buffers) in their own order and check the
// same things: `names` lists the buffers, `sizes` what each must hold.
napi_value convGradient(napi_env env, napi_callback_info info, const std::string& name, const std::string& names,
                        const std::array<size_t (Conv::*)() const, 3>& sizes,
                        void (*KernelSet::*kernel)(const Conv&, const float*, const float*, float*)) {
  napi_value argv[4];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 4, &set)) return fail(env, name + " expects (geometry, " + names + ")");
  Conv c;
  if (!convGeometry(env, argv[0], &c)) return fail(env, name + ": geometry must be an Int32Array of 13 consistent sizes");
  float* buf[3];
  size_t len[3];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, name + ": " + names + " must be Float32Arrays");
  for (int i = 0; i < 3; i++)
    if (len[i] != (c.*sizes[i])()) return fail(env, name + ": a buffer's length does not match the geometry");
  (set->*kernel)(c, buf[0], buf[1], buf[2]);
  return nullptr;
}

napi_value Conv2dFilterGrad(napi_env env, napi_callback_info info) {
  return convGradient(env, info, "conv2dFilterGrad", "x, dy, dw", {&Conv::inputSize, &Conv::outputSize, &Conv::filterSize},
                      &KernelSet::convFilterGrad);
}

napi_value Conv2dInputGrad(napi_env env, napi_callback_info info) {
  return convGradient(env, info, "conv2dInputGrad", "dy, w, dx", {&Conv::outputSize, &Conv::filterSize, &Conv::inputSize},
                      &KernelSet::convInputGrad);
}

// geometry Int32Array: n h w c kh kw sh sw pt pl oh ow
bool poolGeometry(napi_env env, napi_value v, Pool2D* p) {
  std::vector<int> g;
  if (!ints(env, v, &g) || g.size() != 12) return false;
  *p = Pool2D{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]};
  return p->valid();
}

// avgPoolGrad(geometry, dy, dx)
napi_value AvgPoolGrad(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 3, &set)) return fail(env, "avgPoolGrad expects (geometry, dy, dx)");
  Pool2D p;
  if (!poolGeometry(env, argv[0], &p)) return fail(env, "avgPoolGrad: geometry must be an Int32Array of 12 consistent sizes");
  float* buf[2];  // dy, dx
  size_t len[2];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, "avgPoolGrad: dy and dx must be Float32Arrays");
  if (len[0] != p.outputSize() || len[1] != p.inputSize()) return fail(env, "avgPoolGrad: a buffer's length does not match the geometry");
  set->avgPoolGrad(p, buf[0], buf[1]);
  return nullptr;
}

// maxPoolGrad(geometry, x, dy, dx)
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 4, &set)) return fail(env, "maxPoolGrad expects (geometry, x, dy, dx)");
  Pool2D p;
  if (!poolGeometry(env, argv[0], &p)) return fail(env, "maxPoolGrad: geometry must be an Int32Array of 12 consistent sizes");
  float* buf[3];  // x, dy, dx
  size_t len[3];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, "maxPoolGrad: x, dy and dx must be Float32Arrays");
  if (len[0] != p.inputSize() || len[2] != len[0] || len[1] != p.outputSize())
    return fail(env, "maxPoolGrad: a buffer's length does not match the geometry");
  set->maxPoolGrad(p, buf[0], buf[1], buf[2]);
  return nullptr;
}

// maxPool(geometry, x, y)
napi_value MaxPool(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 3, &set)) return fail(env, "maxPool expects (geometry, x, y)");
  Pool2D p;
  if (!poolGeometry(env, argv[0], &p)) return fail(env, "maxPool: geometry must be an Int32Array of 12 consistent sizes");
  float* buf[2];  // x, y
  size_t len[2];
  if (!floatArgs(env, argv + 1, buf, len)) return fail(env, "maxPool: x and y must be Float32Arrays");
  if (len[0] != p.inputSize() || len[1] != p.outputSize()) return fail(env, "maxPool: a buffer's length does not match the geometry");
  set->maxPool(p, buf[0], buf[1]);
  return nullptr;
}

// matMul(geometry, a, b, c); geometry: batch m n k transA transB broadcastA broadcastB
napi_value MatMul(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 4, &set)) return fail(env, "matMul expects (geometry, a, b, c)");
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
  set->gemm(m, buf[0], buf[1], buf[2]);
  return nullptr;
}

// biasAdd(x, bias, y, activation, alpha): x and y (which may be x) hold whole rows of
// bias.length values; y = act(x + bias) with act a code 0–5 as conv2d's.
napi_value BiasAdd(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 5, &set)) return fail(env, "biasAdd expects (x, bias, y, activation, alpha)");
  float* buf[3];  // x, bias, y
  size_t len[3];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "biasAdd: x, bias and y must be Float32Arrays");
  int32_t code = 0;
  double alpha = 0;
  if (napi_get_value_int32(env, argv[3], &code) != napi_ok || !Activation::valid(code) || napi_get_value_double(env, argv[4], &alpha) != napi_ok)
    return fail(env, "biasAdd: activation must be a code 0–5 and alpha a number");
  const size_t nx = len[0], nb = len[1];
  if (nb == 0 || len[2] != nx || nx % nb != 0 || nx / nb > 0x7fffffff) return fail(env, "biasAdd: x and y must hold whole rows of bias");
  const Activation act{static_cast<Activation::Kind>(code), static_cast<float>(alpha)};
  set->biasAdd(buf[0], buf[1], static_cast<int>(nx / nb), static_cast<int>(nb), act, buf[2]);
  return nullptr;
}

// columnSums(x, out): out[c] = Σ_r x[r][c] with c = out.length.
napi_value ColumnSums(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 2, &set)) return fail(env, "columnSums expects (x, out)");
  float* buf[2];  // x, out
  size_t len[2];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "columnSums: x and out must be Float32Arrays");
  const size_t nx = len[0], nout = len[1];
  if (nout == 0 || nx % nout != 0 || nx / nout > 0x7fffffff) return fail(env, "columnSums: x must hold whole rows of out");
  set->columnSums(buf[0], static_cast<int>(nx / nout), static_cast<int>(nout), buf[1]);
  return nullptr;
}

// activationBiasGrad(params, dy, y, dz, sums); params: alpha. dy, y and dz hold whole rows of
// sums.length values: dz = y > 0 ? dy : alpha·dy, sums[c] = Σ_r dz[r][c].
napi_value ActivationBiasGrad(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  const KernelSet* set;
  if (!getArgs(env, info, argv, 5, &set)) return fail(env, "activationBiasGrad expects (params, dy, y, dz, sums)");
  float* buf[5];  // params, dy, y, dz, sums
  size_t len[5];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "activationBiasGrad: every argument must be a Float32Array");
  if (len[0] != 1) return fail(env, "activationBiasGrad: params must hold alpha");
  const size_t n = len[1], c = len[4];
  if (c == 0 || !sameLength(n, {len[2], len[3]}) || n % c != 0 || n / c > 0x7fffffff)
    return fail(env, "activationBiasGrad: dy, y and dz must be the same length, whole rows of sums");
  set->activationBiasGrad(buf[1], buf[2], buf[0][0], static_cast<int>(n / c), static_cast<int>(c), buf[3], buf[4]);
  return nullptr;
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

// The norm and element-wise kernels take the pool as a ParallelFor (they know no N-API or pool type).
const ParallelFor poolFor = [](int tasks, const std::function<void(int)>& fn) { pool().run(tasks, fn); };

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
  if (np != 3 || params[0] < 0 || params[0] > 3 || params[0] != static_cast<float>(static_cast<int>(params[0])))
    return fail(env, "activation: params must hold op (0–3), alpha, reference");
  const auto op = static_cast<layerloom::ElementwiseOp>(static_cast<int>(params[0]));
  const bool binary = op == layerloom::ElementwiseOp::LeakyReluGrad || op == layerloom::ElementwiseOp::Add;
  if (nout != nx || binary != (dy != nullptr) || (dy != nullptr && ndy != nx))
    return fail(env, "activation: out (and dy, for the gradient and add only) must have x's length");
  if (params[2] != 0) layerloom::activationRef(op, params[1], x, dy, out, nx);
  else layerloom::activation(op, params[1], x, dy, out, nx, poolFor);
  return nullptr;
}

// dropout(x, y, rate, seed, reference): y = x scaled by 1/(1 − rate) where kept, 0 elsewhere;
// the mask is a function of (seed, index) only (elementwise/dropout.h). rate in [0, 1), seed a uint32.
napi_value DropoutEntry(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!getArgs(env, info, argv, 5)) return fail(env, "dropout expects (x, y, rate, seed, reference)");
  float* buf[2];  // x, y
  size_t len[2];
  if (!floatArgs(env, argv, buf, len)) return fail(env, "dropout: x and y must be Float32Arrays");
  if (len[0] != len[1] || len[0] > 0xffffffffu) return fail(env, "dropout: y must have x's length (at most 2^32 values)");
  double rate = 0;
  uint32_t seed = 0;
  bool reference = false;
  // In float, as the kernel scales: 0.99999999 would round to 1 and scale by infinity.
  if (napi_get_value_double(env, argv[2], &rate) != napi_ok || !(rate >= 0 && static_cast<float>(rate) < 1.f))
    return fail(env, "dropout: rate must be a number in [0, 1)");
  if (napi_get_value_uint32(env, argv[3], &seed) != napi_ok) return fail(env, "dropout: seed must be a uint32");
  if (napi_get_value_bool(env, argv[4], &reference) != napi_ok) return fail(env, "dropout: reference must be a boolean");
  if (reference) layerloom::dropoutRef(buf[0], len[0], static_cast<float>(rate), seed, buf[1]);
  else layerloom::dropout(buf[0], len[0], static_cast<float>(rate), seed, buf[1], poolFor);
  return nullptr;
}

// Whether this CPU runs the AVX2/FMA build (engine/native/build.mjs --portable makes both).
// The instruction-set variants (build.mjs --portable's -avx512 and -avx2 files) this CPU
// and OS can run, fastest first. __builtin_cpu_supports also checks that the OS saves the
// wider registers.
napi_value CpuVariants(napi_env env, napi_callback_info) {
  std::vector<const char*> names;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
    names.push_back("avx512");
  if (avx2) names.push_back("avx2");
#endif
  napi_value list;
  napi_create_array_with_length(env, names.size(), &list);
  for (size_t i = 0; i < names.size(); i++) {
    napi_value name;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &name);
    napi_set_element(env, list, static_cast<uint32_t>(i), name);
  }
  return list;
}

napi_value Threads(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, pool().threads(), &v);
  return v;
}

// adviseHugePages(heap: TypedArray, bytes: number) → boolean. Asks Linux to back `bytes` of
// the heap's memory from its start (the WASM memory's whole reservation, grown or not) with
// 2 MB pages: a training step's first touch of its activations then costs one fault per
// 2 MB instead of per 4 KB (ResNet-CIFAR's first step: ~59,000 faults, 0.6 s on this VM).
// Only a hint: false where the OS has no such advice or refuses it.
napi_value AdviseHugePages(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  bool is = false;
  if (argc < 2 || napi_is_typedarray(env, args[0], &is) != napi_ok || !is) return fail(env, "adviseHugePages(heap, bytes): heap must be a typed array");
  napi_typedarray_type type;
  size_t length = 0;
  void* ptr = nullptr;
  napi_value buffer;
  size_t offset = 0;
  void* base = nullptr;
  size_t bufferBytes = 0;
  double bytes = 0;
  if (napi_get_typedarray_info(env, args[0], &type, &length, &ptr, &buffer, &offset) != napi_ok ||
      napi_get_arraybuffer_info(env, buffer, &base, &bufferBytes) != napi_ok || napi_get_value_double(env, args[1], &bytes) != napi_ok ||
      !(bytes >= 0 && bytes <= 16.0 * (1ull << 30))) {
    return fail(env, "adviseHugePages(heap, bytes): bytes must be a number from 0 to 16 GiB");
  }
  napi_value result;
  napi_get_boolean(env, adviseHugePages(base, static_cast<size_t>(bytes)), &result);
  return result;
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

napi_property_descriptor method(const char* name, napi_callback cb, const KernelSet* set = nullptr) {
  return {name, nullptr, cb, nullptr, nullptr, nullptr, napi_enumerable, const_cast<KernelSet*>(set)};
}

// The entry points that have a reference, bound to `set`.
std::vector<napi_property_descriptor> kernelMethods(const KernelSet* set) {
  return {
      method("conv2d", Conv2d, set),
      method("conv2dFilterGrad", Conv2dFilterGrad, set),
      method("conv2dInputGrad", Conv2dInputGrad, set),
      method("avgPoolGrad", AvgPoolGrad, set),
      method("maxPoolGrad", MaxPoolGrad, set),
      method("maxPool", MaxPool, set),
      method("matMul", MatMul, set),
      method("biasAdd", BiasAdd, set),
      method("columnSums", ColumnSums, set),
      method("activationBiasGrad", ActivationBiasGrad, set),
  };
}

napi_value Init(napi_env env, napi_value exports) {
  pinLibrary();
  std::vector<napi_property_descriptor> props = kernelMethods(&kFast);
  props.push_back(method("adamUpdate", AdamUpdate));
  props.push_back(method("momentumUpdate", MomentumUpdate));
  // These pick their reference with an argument of their own (engine/backend/native-batchnorm.ts, …).
  props.push_back(method("batchNormForward", BatchNormForward));
  props.push_back(method("batchNormBackward", BatchNormBackward));
  props.push_back(method("batchNormInference", BatchNormInference));
  props.push_back(method("stridedCopy", StridedCopy));
  props.push_back(method("activation", ActivationEntry));
  props.push_back(method("dropout", DropoutEntry));
  props.push_back(method("cpuVariants", CpuVariants));
  props.push_back(method("threads", Threads));
  props.push_back(method("adviseHugePages", AdviseHugePages));
  napi_define_properties(env, exports, props.size(), props.data());

  napi_value reference;
  napi_create_object(env, &reference);
  const std::vector<napi_property_descriptor> refs = kernelMethods(&kReference);
  napi_define_properties(env, reference, refs.size(), refs.data());
  napi_set_named_property(env, exports, "reference", reference);

  napi_value version;
  napi_create_int32(env, kAbiVersion, &version);
  napi_set_named_property(env, exports, "abiVersion", version);
  return exports;
}

}  // namespace
}  // namespace layerloom

NAPI_MODULE(NODE_GYP_MODULE_NAME, layerloom::Init)
