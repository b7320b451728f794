// A small persistent pool: helpers sleep on a condition variable between jobs. Tried and
// measured slower on a 2-core machine (alternating runs of the bench): helpers spinning
// before they sleep, as OpenMP runtimes do (~8% fewer images/s: the spin takes the core V8's
// background threads need between kernels), and keeping small kernels on one thread (~7%).
#include "common/thread_pool.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace layerloom {
namespace {

// One run()'s tasks. Lives on the caller's stack; helpers touch it only while attached.
struct Job {
  const std::function<void(int)>* fn;
  int tasks;
  std::atomic<int> next{0};
  int attached = 0;  // helpers working on it (guarded by the pool's mutex)

  void drain() {
    for (;;) {
      const int t = next.fetch_add(1);
      if (t >= tasks) return;
      (*fn)(t);
    }
  }
};

class Pool final : public ThreadPool {
 public:
  explicit Pool(int threads) {
    for (int i = 1; i < threads; i++) workers_.emplace_back([this] { work(); });
  }
  int threads() const override { return static_cast<int>(workers_.size()) + 1; }

  // The caller takes tasks too and, once none is left, waits only for helpers still running
  // one: a helper not yet scheduled (a busy machine, or its lower priority) is not waited
  // for. It finds the job withdrawn when it wakes. Waiting for every helper to wake cost
  // milliseconds per kernel under load (a 64×128×10 matmul: 1.8–4.4 ms at load 13 on 2 cores).
  void run(int tasks, const std::function<void(int)>& fn) override {
    std::unique_lock<std::mutex> busy(runMu_, std::try_to_lock);
    if (!busy.owns_lock() || workers_.empty() || tasks <= 1) {
      for (int t = 0; t < tasks; t++) fn(t);
      return;
    }
    Job job{&fn, tasks};
    {
      std::lock_guard<std::mutex> l(mu_);
      job_ = &job;
      generation_++;
    }
    wake_.notify_all();
    job.drain();
    std::unique_lock<std::mutex> l(mu_);
    job_ = nullptr;
    finished_.wait(l, [&] { return job.attached == 0; });
  }

 private:
  void work() {
#if defined(__linux__)
    // Helpers yield to interactive threads (the app's UI, the engine's event loop): a busy
    // machine then slows training a little instead of the interface. Linux nices threads
    // individually; elsewhere they keep the process's priority.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
#endif
    std::uint64_t seen = 0;
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> l(mu_);
        wake_.wait(l, [&] { return generation_ != seen; });
        seen = generation_;
        job = job_;
        if (job == nullptr) continue;  // finished before this helper woke
        job->attached++;
      }
      job->drain();
      std::lock_guard<std::mutex> l(mu_);
      if (--job->attached == 0) finished_.notify_all();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex runMu_, mu_;
  std::condition_variable wake_, finished_;
  Job* job_ = nullptr;  // the job helpers may attach to (guarded by mu_)
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

}  // namespace

// Never destroyed: worker threads end with the process (joining them at exit could block
// on a JS thread still inside run()).
ThreadPool& pool() {
  static Pool* p = new Pool(configuredThreads());
  return *p;
}

}  // namespace layerloom
