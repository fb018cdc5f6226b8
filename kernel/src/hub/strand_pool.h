#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

// Runs tasks on a small pool of worker threads, serially per key (ARCHITECTURE.md §3.2: "a
// room is processed serially: commands for one room never race, different rooms run in
// parallel"). Room work that touches the realtime store, the database or a plugin runs here,
// never on an I/O loop.
namespace streamit::hub {

class StrandPool {
 public:
  explicit StrandPool(std::size_t workers);
  ~StrandPool();
  StrandPool(const StrandPool&) = delete;
  StrandPool& operator=(const StrandPool&) = delete;

  void start();
  // Runs what is already queued, then joins the workers; later posts are dropped.
  void stop();

  // Any thread. Tasks of one key run one at a time, in post order; a task that throws is
  // logged and does not stop the strand.
  void post(const std::string& key, std::function<void()> task);

  // Runs `task` on the calling thread, as the strand's next task, when the strand has nothing
  // queued or running; false (task not run) otherwise, and the caller posts instead. Tasks
  // posted meanwhile run after it, in order. For work that is cheap and latency-critical
  // (a playback command on the in-process store, docs/adr/0007).
  bool tryRunInline(const std::string& key, const std::function<void()>& task);

  std::size_t queuedTasks() const;

 private:
  struct Strand {
    std::deque<std::function<void()>> tasks;
    bool scheduled = false;  // in ready_ or being run by a worker
  };

  void workerLoop();
  // With mutex_ held, after a task of `key` ran: back of the line if more are queued.
  void afterTask(std::string key);

  std::size_t workerCount_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<std::string, Strand> strands_;
  std::deque<std::string> ready_;
  std::size_t queued_ = 0;
  std::size_t inlineRunning_ = 0;  // stop() waits for these: tasks may queue behind them
  bool stopping_ = false;
  bool started_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace streamit::hub
