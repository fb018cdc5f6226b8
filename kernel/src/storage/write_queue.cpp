#include "storage/write_queue.h"

#include <algorithm>

#include "log/logger.h"
#include "metrics/registry.h"
#include "storage/database_error.h"

namespace streamit::storage {
namespace {

const log::Logger& logger() {
  static const log::Logger instance("storage.write_queue");
  return instance;
}
constexpr const char* kJobs = "streamit_storage_write_jobs_total";
constexpr const char* kJobsHelp = "Durable write jobs by outcome";

}  // namespace

WriteQueue::Options writeQueueOptions(const StorageConfig& config) {
  WriteQueue::Options options;
  options.capacity = config.write_queue_capacity;
  options.workers = config.write_workers;
  options.retryLimit = config.write_retry_limit;
  return options;
}

WriteQueue::WriteQueue(Database& db, Options options, metrics::Registry& registry)
    : db_(db),
      options_(options),
      depthGauge_(registry.gauge("streamit_storage_write_queue_depth",
                                 "Durable write jobs waiting for a worker")),
      done_(registry.counter(kJobs, kJobsHelp, {{"outcome", "done"}})),
      failed_(registry.counter(kJobs, kJobsHelp, {{"outcome", "failed"}})),
      dropped_(registry.counter(kJobs, kJobsHelp, {{"outcome", "dropped"}})),
      backendErrors_(registry.counter("streamit_backend_errors_total",
                                      "Backend operations that failed",
                                      {{"backend", db.backendName()}, {"op", "write_job"}})) {
  options_.capacity = std::max(1, options_.capacity);
  options_.retryLimit = std::max(0, options_.retryLimit);
  const int workers = std::max(1, options_.workers);
  for (int i = 0; i < workers; ++i)
    workers_.emplace_back([this] { workerLoop(); });
}

WriteQueue::~WriteQueue() {
  std::deque<Entry> leftover;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    leftover.swap(queue_);
  }
  depthGauge_.set(0);
  wake_.notify_all();
  stopped_.notify_all();
  for (auto& worker : workers_)
    worker.join();
  if (!leftover.empty()) {
    dropped_.inc(leftover.size());
    logger().warn("write jobs dropped at shutdown", {{"count", std::to_string(leftover.size())}});
  }
}

bool WriteQueue::tryEnqueue(std::string name, Job job) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && queue_.size() < static_cast<std::size_t>(options_.capacity)) {
      queue_.push_back(Entry{std::move(name), std::move(job)});
      depthGauge_.set(static_cast<std::int64_t>(queue_.size()));
      wake_.notify_one();
      return true;
    }
  }
  countDrop(name, "queue full");
  return false;
}

bool WriteQueue::drain(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && running_ == 0; });
}

std::size_t WriteQueue::depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}
std::uint64_t WriteQueue::doneCount() const {
  return done_.value();
}
std::uint64_t WriteQueue::failedCount() const {
  return failed_.value();
}
std::uint64_t WriteQueue::droppedCount() const {
  return dropped_.value();
}

void WriteQueue::countDrop(const std::string& name, const std::string& reason) {
  dropped_.inc();
  logger().warn("write job dropped", {{"job", name}, {"reason", reason}});
}

void WriteQueue::workerLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_)
      return;
    Entry entry = std::move(queue_.front());
    queue_.pop_front();
    depthGauge_.set(static_cast<std::int64_t>(queue_.size()));
    ++running_;
    lock.unlock();
    runWithRetries(entry);
    lock.lock();
    --running_;
    if (queue_.empty() && running_ == 0)
      idle_.notify_all();
  }
}

void WriteQueue::runWithRetries(Entry& entry) {
  auto backoff = options_.initialBackoff;
  for (int attempt = 0;; ++attempt) {
    try {
      entry.job(db_);
      done_.inc();
      return;
    } catch (const DatabaseUnavailable& e) {
      if (attempt >= options_.retryLimit) {
        backendErrors_.inc();
        countDrop(entry.name, std::string("database unavailable after ") +
                                  std::to_string(attempt + 1) + " attempts: " + e.what());
        return;
      }
    } catch (const std::exception& e) {
      // QueryError and anything else: the same job would fail the same way again.
      failed_.inc();
      logger().error("write job failed", {{"job", entry.name}, {"error", e.what()}});
      return;
    } catch (...) {
      failed_.inc();
      logger().error("write job failed", {{"job", entry.name}, {"error", "unknown exception"}});
      return;
    }
    std::unique_lock lock(mutex_);
    if (stopped_.wait_for(lock, backoff, [this] { return stopping_; })) {
      lock.unlock();
      countDrop(entry.name, "shutdown during retry back-off");
      return;
    }
    backoff = std::min(backoff * 2, options_.maxBackoff);
  }
}

}  // namespace streamit::storage
