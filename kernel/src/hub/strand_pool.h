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

  std::size_t queuedTasks() const;

 private:
  struct Strand {
    std::deque<std::function<void()>> tasks;
    bool scheduled = false;  // in ready_ or being run by a worker
  };

  void workerLoop();

  std::size_t workerCount_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::unordered_map<std::string, Strand> strands_;
  std::deque<std::string> ready_;
  std::size_t queued_ = 0;
  bool stopping_ = false;
  bool started_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace streamit::hub
