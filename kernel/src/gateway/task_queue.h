#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <unordered_set>
#include <utility>
#include <vector>

#include "gateway/gateway.h"

namespace streamit::gateway {

// The cross-thread side of one I/O loop: tasks other threads post, the ids that are live (so
// send() can answer false without a round trip), the stop flag and the load adopt() balances
// on. One mutex; no system calls — waking the loop after push() is the caller's job.
class TaskQueue {
 public:
  using Task = std::function<void()>;

  // Any thread. false when stopping (the task is dropped).
  bool push(Task task) {
    std::lock_guard lock(mutex_);
    if (stopping_)
      return false;
    tasks_.push_back(std::move(task));
    return true;
  }
  // Any thread: reserves `id` as live and queues its open in one step, so a send() racing the
  // open already sees the id. false when stopping.
  bool pushOpen(ConnectionId id, Task open) {
    std::lock_guard lock(mutex_);
    if (stopping_)
      return false;
    live_.insert(id);
    load_.fetch_add(1, std::memory_order_relaxed);
    tasks_.push_back(std::move(open));
    return true;
  }
  bool isLive(ConnectionId id) {
    std::lock_guard lock(mutex_);
    return live_.count(id) != 0;
  }
  // The connection stopped being open (send() now returns false); it still counts as load.
  void markNotLive(ConnectionId id) {
    std::lock_guard lock(mutex_);
    live_.erase(id);
  }
  // The connection is gone.
  void forget(ConnectionId id) {
    std::lock_guard lock(mutex_);
    live_.erase(id);
    load_.fetch_sub(1, std::memory_order_relaxed);
  }
  void requestStop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }
  std::size_t load() const { return load_.load(std::memory_order_relaxed); }

  // Loop thread: takes every queued task, in order (`into` must be empty; its capacity is kept
  // across calls, so a steady loop does not allocate).
  void takeAll(std::vector<Task>& into) {
    std::lock_guard lock(mutex_);
    into.swap(tasks_);
  }

 private:
  std::mutex mutex_;  // guards tasks_, live_, stopping_
  std::vector<Task> tasks_;
  std::unordered_set<ConnectionId> live_;
  bool stopping_ = false;
  std::atomic<std::size_t> load_{0};
};

}  // namespace streamit::gateway
