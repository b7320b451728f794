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

class Pool final : public ThreadPool {
 public:
  explicit Pool(int threads) {
    for (int i = 1; i < threads; i++) workers_.emplace_back([this] { work(); });
  }
  int threads() const override { return static_cast<int>(workers_.size()) + 1; }

  void run(int tasks, const std::function<void(int)>& fn) override {
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

}  // namespace

// Never destroyed: worker threads end with the process (joining them at exit could block
// on a JS thread still inside run()).
ThreadPool& pool() {
  static Pool* p = new Pool(configuredThreads());
  return *p;
}

}  // namespace layerloom
