#include "util/periodic_task.h"

#include <exception>
#include <utility>

#include "log/logger.h"

namespace streamit::util {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds period,
                           std::function<void()> task, Options options)
    : name_(std::move(name)), period_(period), task_(std::move(task)), options_(options) {}

PeriodicTask::~PeriodicTask() {
  stop();
}

void PeriodicTask::start() {
  std::lock_guard lifecycle(lifecycleMutex_);
  if (thread_.joinable())
    return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    started_ = true;
    wakeRequested_ = options_.run_at_start;
  }
  thread_ = std::thread([this] { loop(); });
}

void PeriodicTask::stop() {
  std::lock_guard lifecycle(lifecycleMutex_);
  if (!thread_.joinable())
    return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::lock_guard lock(mutex_);
  started_ = false;
}

void PeriodicTask::wakeNow() {
  {
    std::lock_guard lock(mutex_);
    wakeRequested_ = true;
  }
  wake_.notify_all();
}

bool PeriodicTask::running() const {
  std::lock_guard lock(mutex_);
  return started_ && !stopping_;
}

void PeriodicTask::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait_for(lock, period_, [this] { return stopping_ || wakeRequested_; });
    if (stopping_)
      return;
    wakeRequested_ = false;
    lock.unlock();
    runOnce();
    lock.lock();
  }
}

void PeriodicTask::runOnce() noexcept {
  try {
    task_();
  } catch (const std::exception& e) {
    log::Logger("periodic").warn("periodic task failed", {{"task", name_}, {"error", e.what()}});
  } catch (...) {
    log::Logger("periodic").warn("periodic task failed", {{"task", name_}, {"error", "unknown"}});
  }
}

}  // namespace streamit::util
