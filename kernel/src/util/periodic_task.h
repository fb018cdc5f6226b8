#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace streamit::util {

// One background job run every `period` on its own thread: the one helper behind the kernel's
// periodic work (hub ticker, node beat, rooms sweeper, playback snapshot flusher, chat archive
// purge), so none of them hand-rolls "thread + mutex + condvar + stop flag" again.
//
// The period is a delay between the end of one run and the start of the next (runs never
// overlap or pile up behind a slow one). A run that throws is logged under `name` and the next
// run happens on schedule: one failed store call must not end a job for the process's lifetime.
// stop() wakes the thread at once and joins it; a run already in progress is finished first.
//
// Thread-safe. The task must not call stop() (it would join itself).
class PeriodicTask {
 public:
  struct Options {
    // Run once as soon as start() is called instead of one period later (a node beat must not
    // leave the node looking dead for a period after it started).
    bool run_at_start = false;
  };

  PeriodicTask(std::string name, std::chrono::milliseconds period, std::function<void()> task,
               Options options);
  PeriodicTask(std::string name, std::chrono::milliseconds period, std::function<void()> task)
      : PeriodicTask(std::move(name), period, std::move(task), Options{}) {}
  ~PeriodicTask();  // stop()
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Idempotent; a stopped task can be started again.
  void start();
  // Idempotent; returns once the thread has ended.
  void stop();
  // The next run starts now (or right after the current one) instead of at the end of the
  // period; the period restarts from that run. No effect while stopped.
  void wakeNow();

  bool running() const;
  const std::string& name() const { return name_; }

 private:
  void loop();
  void runOnce() noexcept;

  const std::string name_;
  const std::chrono::milliseconds period_;
  const std::function<void()> task_;
  const Options options_;

  // Serialises start() and stop() so two stoppers never join the same thread.
  std::mutex lifecycleMutex_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool started_ = false;
  bool stopping_ = false;
  bool wakeRequested_ = false;
  std::thread thread_;
};

}  // namespace streamit::util
