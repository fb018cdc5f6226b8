#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/storage_config.h"

namespace streamit::metrics {
class Counter;
class Gauge;
class Registry;
}  // namespace streamit::metrics

namespace streamit::storage {

// Bounded queue of durable writes served by a few worker threads, so the realtime I/O loops
// never wait for the database. Thread-safe.
//
// A job failing with DatabaseUnavailable is retried with exponential back-off (100 ms
// doubling, capped at 5 s) up to `retryLimit` retries, then dropped and logged. A QueryError
// (or any other exception) is not retried: the job is counted as failed. Jobs run in FIFO
// order per worker; with several workers their order is not guaranteed.
class WriteQueue {
 public:
  using Job = std::function<void(Database&)>;

  struct Options {
    int capacity = 10000;
    int workers = 2;
    int retryLimit = 5;
    std::chrono::milliseconds initialBackoff{100};
    std::chrono::milliseconds maxBackoff{5000};
  };

  // `db` and `registry` must outlive the queue. Workers start immediately.
  WriteQueue(Database& db, Options options, metrics::Registry& registry);
  // Stops accepting jobs, lets each worker finish the attempt in hand (no further retries),
  // drops what is still queued (counted and logged) and joins. Call drain() first to keep them.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Never blocks. False (and a counted drop) when the queue is full or stopping.
  bool tryEnqueue(std::string name, Job job);
  // Waits until the queue is empty and no job is running; false at the timeout.
  bool drain(std::chrono::milliseconds timeout);

  std::size_t depth() const;
  std::uint64_t doneCount() const;
  std::uint64_t failedCount() const;
  std::uint64_t droppedCount() const;

 private:
  struct Entry {
    std::string name;
    Job job;
  };
  void workerLoop();
  void runWithRetries(Entry& entry);
  void countDrop(const std::string& name, const std::string& reason);

  Database& db_;
  Options options_;
  metrics::Gauge& depthGauge_;
  metrics::Counter& done_;
  metrics::Counter& failed_;
  metrics::Counter& dropped_;
  metrics::Counter& backendErrors_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // workers: a job arrived or stopping
  std::condition_variable idle_;     // drain(): queue empty and nothing running
  std::condition_variable stopped_;  // back-off sleeps: stopping
  std::deque<Entry> queue_;
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// The queue settings of the `storage:` section (capacity, workers, retry limit).
WriteQueue::Options writeQueueOptions(const StorageConfig& config);

}  // namespace streamit::storage
