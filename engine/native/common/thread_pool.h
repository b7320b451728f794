// The kernels' shared thread pool: hardware threads, at most LAYERLOOM_THREADS (default 8).
#pragma once

#include <algorithm>
#include <functional>

namespace layerloom {

class ThreadPool {
 public:
  virtual ~ThreadPool() = default;
  virtual int threads() const = 0;
  // Runs fn(t) for t in [0, tasks) on the pool and the calling thread; returns when all are
  // done. A second JS thread calling in while the pool is busy runs its tasks inline.
  virtual void run(int tasks, const std::function<void(int)>& fn) = 0;
};

// Started on first use, never destroyed (see thread_pool.cc).
ThreadPool& pool();

// Splits [0, n) into one contiguous chunk per task: body(task, from, to).
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

}  // namespace layerloom
