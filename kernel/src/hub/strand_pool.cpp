#include "hub/strand_pool.h"

#include <exception>

#include "log/logger.h"

namespace streamit::hub {
namespace {

// A task that throws is logged and does not stop its strand (nor the thread running it).
void runLogged(const std::string& key, const std::function<void()>& task) {
  try {
    task();
  } catch (const std::exception& e) {
    log::Logger("hub").error("room task failed", {{"room", key}, {"error", e.what()}});
  } catch (...) {
    log::Logger("hub").error("room task failed", {{"room", key}, {"error", "unknown exception"}});
  }
}

}  // namespace

StrandPool::StrandPool(std::size_t workers) : workerCount_(workers == 0 ? 1 : workers) {}

StrandPool::~StrandPool() {
  stop();
}

void StrandPool::start() {
  std::lock_guard lock(mutex_);
  if (started_)
    return;
  started_ = true;
  stopping_ = false;
  for (std::size_t i = 0; i < workerCount_; ++i)
    workers_.emplace_back([this] { workerLoop(); });
}

void StrandPool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!started_)
      return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_)
    worker.join();
  workers_.clear();
  std::lock_guard lock(mutex_);
  strands_.clear();
  ready_.clear();
  queued_ = 0;
  started_ = false;
}

void StrandPool::post(const std::string& key, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || !started_)
      return;
    auto& strand = strands_[key];
    strand.tasks.push_back(std::move(task));
    ++queued_;
    if (strand.scheduled)
      return;
    strand.scheduled = true;
    ready_.push_back(key);
  }
  wake_.notify_one();
}

bool StrandPool::tryRunInline(const std::string& key, const std::function<void()>& task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || !started_ || strands_.count(key) != 0)
      return false;
    strands_[key].scheduled = true;  // holds the strand: posts now queue behind this task
    ++inlineRunning_;
  }
  runLogged(key, task);
  std::lock_guard lock(mutex_);
  --inlineRunning_;
  afterTask(key);
  wake_.notify_all();  // a stopping worker may be waiting for this task's followers
  return true;
}

void StrandPool::afterTask(std::string key) {
  // One task per turn, then back of the line: a busy room cannot starve the others.
  auto& after = strands_[key];
  if (after.tasks.empty()) {
    strands_.erase(key);
  } else {
    ready_.push_back(std::move(key));
    wake_.notify_one();
  }
}

std::size_t StrandPool::queuedTasks() const {
  std::lock_guard lock(mutex_);
  return queued_;
}

void StrandPool::workerLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return (stopping_ && inlineRunning_ == 0) || !ready_.empty(); });
    if (ready_.empty()) {
      return;  // stopping, no inline task left, and everything queued has run
    }
    std::string key = std::move(ready_.front());
    ready_.pop_front();
    auto& strand = strands_[key];
    auto task = std::move(strand.tasks.front());
    strand.tasks.pop_front();
    --queued_;
    lock.unlock();
    runLogged(key, task);
    lock.lock();
    afterTask(std::move(key));
  }
}

}  // namespace streamit::hub
