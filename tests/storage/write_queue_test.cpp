#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

#include "metrics/registry.h"
#include "storage/database_error.h"
#include "storage/write_queue.h"

namespace streamit::storage {
namespace {

using namespace std::chrono_literals;

// Jobs in these tests never touch a session; the queue only hands the Database through.
class FakeDatabase : public Database {
 public:
  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string backendName() const override { return "fake"; }
  void withSession(const std::function<void(Poco::Data::Session&)>&) override {}
  void withTransaction(const std::function<void(Poco::Data::Session&)>&) override {}
  util::HealthStatus checkHealth() override { return {true, "ok"}; }
};

WriteQueue::Options fastOptions() {
  WriteQueue::Options o;
  o.capacity = 100;
  o.workers = 2;
  o.retryLimit = 3;
  o.initialBackoff = 1ms;
  o.maxBackoff = 4ms;
  return o;
}

TEST(WriteQueue, RunsJobsAndDrains) {
  FakeDatabase db;
  metrics::Registry registry;
  WriteQueue queue(db, fastOptions(), registry);
  std::atomic<int> ran{0};
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(queue.tryEnqueue("job", [&](Database&) { ++ran; }));
  ASSERT_TRUE(queue.drain(10s));
  EXPECT_EQ(ran.load(), 50);
  EXPECT_EQ(queue.doneCount(), 50u);
  EXPECT_EQ(queue.depth(), 0u);
}

TEST(WriteQueue, FullQueueRefusesWithoutBlockingAndCountsDrop) {
  FakeDatabase db;
  metrics::Registry registry;
  auto options = fastOptions();
  options.capacity = 2;
  options.workers = 1;
  WriteQueue queue(db, options, registry);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(queue.tryEnqueue("blocker", [&](Database&) {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the worker holds the blocker; the queue itself is empty
  EXPECT_TRUE(queue.tryEnqueue("a", [](Database&) {}));
  EXPECT_TRUE(queue.tryEnqueue("b", [](Database&) {}));
  EXPECT_FALSE(queue.tryEnqueue("c", [](Database&) {}));
  EXPECT_EQ(queue.droppedCount(), 1u);
  EXPECT_EQ(queue.depth(), 2u);
  EXPECT_NE(registry.renderPrometheus().find("streamit_storage_write_queue_depth 2"),
            std::string::npos);
  release.set_value();
  ASSERT_TRUE(queue.drain(10s));
  EXPECT_EQ(queue.doneCount(), 3u);
}

TEST(WriteQueue, RetriesUnavailableUntilSuccess) {
  FakeDatabase db;
  metrics::Registry registry;
  WriteQueue queue(db, fastOptions(), registry);
  std::atomic<int> attempts{0};
  ASSERT_TRUE(queue.tryEnqueue("flaky", [&](Database&) {
    if (++attempts < 3)
      throw DatabaseUnavailable("fake", "down");
  }));
  ASSERT_TRUE(queue.drain(10s));
  EXPECT_EQ(attempts.load(), 3);
  EXPECT_EQ(queue.doneCount(), 1u);
  EXPECT_EQ(queue.droppedCount(), 0u);
}

TEST(WriteQueue, GivesUpAfterRetryLimit) {
  FakeDatabase db;
  metrics::Registry registry;
  WriteQueue queue(db, fastOptions(), registry);
  std::atomic<int> attempts{0};
  ASSERT_TRUE(queue.tryEnqueue("doomed", [&](Database&) {
    ++attempts;
    throw DatabaseUnavailable("fake", "down");
  }));
  ASSERT_TRUE(queue.drain(10s));
  EXPECT_EQ(attempts.load(), 4);  // first attempt + retryLimit (3)
  EXPECT_EQ(queue.droppedCount(), 1u);
  EXPECT_EQ(queue.doneCount(), 0u);
  EXPECT_NE(registry.renderPrometheus().find(
                "streamit_backend_errors_total{backend=\"fake\",op=\"write_job\"} 1"),
            std::string::npos)
      << registry.renderPrometheus();
}

TEST(WriteQueue, QueryErrorIsNotRetried) {
  FakeDatabase db;
  metrics::Registry registry;
  WriteQueue queue(db, fastOptions(), registry);
  std::atomic<int> attempts{0};
  ASSERT_TRUE(queue.tryEnqueue("bad", [&](Database&) {
    ++attempts;
    throw QueryError("constraint");
  }));
  ASSERT_TRUE(queue.drain(10s));
  EXPECT_EQ(attempts.load(), 1);
  EXPECT_EQ(queue.failedCount(), 1u);
  EXPECT_EQ(queue.droppedCount(), 0u);
}

TEST(WriteQueue, DestructorDropsQueuedJobsAndInterruptsBackoff) {
  FakeDatabase db;
  metrics::Registry registry;
  auto options = fastOptions();
  options.workers = 1;
  options.retryLimit = 1000;
  options.initialBackoff = 10s;  // the destructor must not wait for this
  options.maxBackoff = 10s;
  std::atomic<int> attempts{0};
  std::promise<void> firstAttempt;
  const auto start = std::chrono::steady_clock::now();
  {
    WriteQueue queue(db, options, registry);
    ASSERT_TRUE(queue.tryEnqueue("down", [&](Database&) {
      if (attempts++ == 0)
        firstAttempt.set_value();
      throw DatabaseUnavailable("fake", "down");
    }));
    ASSERT_TRUE(queue.tryEnqueue("never", [](Database&) { FAIL() << "ran after stop"; }));
    firstAttempt.get_future().wait();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 9s);
  EXPECT_EQ(attempts.load(), 1);
  const std::string text = registry.renderPrometheus();
  EXPECT_NE(text.find("streamit_storage_write_jobs_total{outcome=\"dropped\"} 2"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace streamit::storage
