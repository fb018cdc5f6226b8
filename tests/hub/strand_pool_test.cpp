#include "hub/strand_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace streamit::hub {
namespace {

using namespace std::chrono_literals;

// Polls `done` for up to 5 s; true once it held.
template <typename Predicate>
bool eventually(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A mutex-protected record of what ran, in order.
class Log {
 public:
  void add(const std::string& entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(entry);
  }
  std::vector<std::string> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> entries_;
};

TEST(StrandPool, TasksOfOneKeyRunInOrderAndNeverOverlap) {
  StrandPool pool(4);
  pool.start();
  std::mutex mutex;
  std::map<std::string, std::vector<int>> seen;
  std::map<std::string, std::atomic<int>> running;
  std::atomic<int> overlaps{0};
  for (const auto* key : {"a", "b", "c"})
    running[key] = 0;
  for (int i = 0; i < 300; ++i) {
    for (const std::string key : {"a", "b", "c"}) {
      pool.post(key, [&, key, i] {
        if (running[key].fetch_add(1) != 0)
          ++overlaps;
        {
          std::lock_guard lock(mutex);
          seen[key].push_back(i);
        }
        running[key].fetch_sub(1);
      });
    }
  }
  pool.stop();  // runs everything queued first
  EXPECT_EQ(overlaps.load(), 0);
  for (const std::string key : {"a", "b", "c"}) {
    ASSERT_EQ(seen[key].size(), 300u) << key;
    for (int i = 0; i < 300; ++i)
      EXPECT_EQ(seen[key][static_cast<std::size_t>(i)], i);
  }
}

TEST(StrandPool, DifferentKeysRunInParallel) {
  StrandPool pool(2);
  pool.start();
  std::promise<void> bothStarted;
  std::atomic<int> started{0};
  std::promise<void> release;
  auto released = release.get_future().share();
  for (const std::string key : {"a", "b"}) {
    pool.post(key, [&, released] {
      if (++started == 2)
        bothStarted.set_value();
      released.wait();
    });
  }
  // Would time out if "b" waited behind "a".
  EXPECT_EQ(bothStarted.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  release.set_value();
  pool.stop();
}

TEST(StrandPool, AThrowingTaskDoesNotStopItsStrand) {
  StrandPool pool(1);
  pool.start();
  std::atomic<bool> ranAfter{false};
  pool.post("a", [] { throw std::runtime_error("boom"); });
  pool.post("a", [&] { ranAfter = true; });
  pool.stop();
  EXPECT_TRUE(ranAfter.load());
}

TEST(StrandPool, PostsAfterStopAreDropped) {
  StrandPool pool(1);
  pool.start();
  pool.stop();
  bool ran = false;
  pool.post("a", [&] { ran = true; });
  EXPECT_FALSE(ran);
  EXPECT_EQ(pool.queuedTasks(), 0u);
}

TEST(StrandPool, TryRunInlineOnAnIdleKeyRunsOnTheCallingThread) {
  StrandPool pool(2);
  pool.start();
  std::thread::id ranOn;
  int runs = 0;
  EXPECT_TRUE(pool.tryRunInline("a", [&] {
    ranOn = std::this_thread::get_id();
    ++runs;
  }));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(ranOn, std::this_thread::get_id());
  // The strand is released: the key runs inline again, and posts still run.
  EXPECT_TRUE(pool.tryRunInline("a", [&] { ++runs; }));
  EXPECT_EQ(runs, 2);
  std::promise<std::thread::id> posted;
  pool.post("a", [&] { posted.set_value(std::this_thread::get_id()); });
  auto postedOn = posted.get_future();
  ASSERT_EQ(postedOn.wait_for(5s), std::future_status::ready);
  EXPECT_NE(postedOn.get(), std::this_thread::get_id());
  pool.stop();
}

TEST(StrandPool, TryRunInlineRefusesWhileTheKeyIsBusy) {
  StrandPool pool(2);
  pool.start();
  std::promise<void> started;
  std::promise<void> release;
  auto released = release.get_future().share();
  Log log;
  pool.post("a", [&, released] {
    started.set_value();
    released.wait();
    log.add("posted-1");
  });
  ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
  bool ran = false;
  EXPECT_FALSE(pool.tryRunInline("a", [&] { ran = true; }));  // running
  pool.post("a", [&] { log.add("posted-2"); });
  EXPECT_FALSE(pool.tryRunInline("a", [&] { ran = true; }));  // running and queued
  EXPECT_FALSE(ran);

  // Another key is not held up by the busy one.
  std::thread::id otherOn;
  EXPECT_TRUE(pool.tryRunInline("b", [&] {
    otherOn = std::this_thread::get_id();
    log.add("inline-b");
  }));
  EXPECT_EQ(otherOn, std::this_thread::get_id());

  release.set_value();
  ASSERT_TRUE(eventually([&] { return log.size() == 3; })) << log.size();
  EXPECT_EQ(log.entries(), (std::vector<std::string>{"inline-b", "posted-1", "posted-2"}));
  EXPECT_FALSE(ran);
  // Drained: the key is idle again.
  ASSERT_TRUE(eventually([&] { return pool.queuedTasks() == 0; }));
  EXPECT_TRUE(eventually([&] { return pool.tryRunInline("a", [&] { ran = true; }); }));
  EXPECT_TRUE(ran);
  pool.stop();
}

TEST(StrandPool, PostsFromAnInlineTaskRunAfterItInOrder) {
  StrandPool pool(4);
  pool.start();
  Log log;
  constexpr int kPosts = 20;
  EXPECT_TRUE(pool.tryRunInline("a", [&] {
    log.add("inline-start");
    for (int i = 0; i < kPosts; ++i)
      pool.post("a", [&log, i] { log.add("posted-" + std::to_string(i)); });
    // Give the workers a chance to (wrongly) start a posted task before this one ends.
    std::this_thread::sleep_for(20ms);
    log.add("inline-end");
  }));
  ASSERT_TRUE(eventually([&] { return log.size() == kPosts + 2; })) << log.size();
  std::vector<std::string> expected = {"inline-start", "inline-end"};
  for (int i = 0; i < kPosts; ++i)
    expected.push_back("posted-" + std::to_string(i));
  EXPECT_EQ(log.entries(), expected);
  pool.stop();
}

TEST(StrandPool, OtherKeysRunWhileAnInlineTaskHoldsItsKey) {
  StrandPool pool(2);
  pool.start();
  // While an inline task of "a" runs, a posted task of "b" runs on a worker.
  std::promise<void> bRan;
  auto bRanFuture = bRan.get_future();
  std::future_status status = std::future_status::timeout;
  EXPECT_TRUE(pool.tryRunInline("a", [&] {
    pool.post("b", [&] { bRan.set_value(); });
    status = bRanFuture.wait_for(5s);
  }));
  EXPECT_EQ(status, std::future_status::ready);
  pool.stop();
}

TEST(StrandPool, TryRunInlineBeforeStartAndAfterStopRefuses) {
  StrandPool pool(1);
  bool ran = false;
  EXPECT_FALSE(pool.tryRunInline("a", [&] { ran = true; }));
  EXPECT_FALSE(ran);
  pool.start();
  EXPECT_TRUE(pool.tryRunInline("a", [&] { ran = true; }));
  EXPECT_TRUE(ran);
  pool.stop();
  ran = false;
  EXPECT_FALSE(pool.tryRunInline("a", [&] { ran = true; }));
  EXPECT_FALSE(ran);
  // Restarted, it runs inline again.
  pool.start();
  EXPECT_TRUE(pool.tryRunInline("a", [&] { ran = true; }));
  EXPECT_TRUE(ran);
  pool.stop();
}

// stop() promises to run what is queued: that includes tasks queued behind an inline task
// that is still running when stop() is called.
TEST(StrandPool, StopWaitsForAnInlineTaskAndRunsWhatQueuedBehindIt) {
  StrandPool pool(1);
  pool.start();
  std::promise<void> inside;
  std::promise<void> release;
  auto released = release.get_future().share();
  Log log;
  std::thread caller([&] {
    pool.tryRunInline("a", [&] {
      pool.post("a", [&] { log.add("behind-inline"); });
      inside.set_value();
      released.wait();
      log.add("inline");
    });
  });
  ASSERT_EQ(inside.get_future().wait_for(5s), std::future_status::ready);
  std::thread stopper([&] { pool.stop(); });
  std::this_thread::sleep_for(20ms);  // stop() is waiting, not done
  release.set_value();
  stopper.join();
  caller.join();
  EXPECT_EQ(log.entries(), (std::vector<std::string>{"inline", "behind-inline"}));
}

TEST(StrandPool, AnInlineTaskThrowingANonStandardExceptionReleasesItsKey) {
  StrandPool pool(1);
  pool.start();
  EXPECT_TRUE(pool.tryRunInline("a", [] { throw 42; }));
  bool ran = false;
  EXPECT_TRUE(pool.tryRunInline("a", [&] { ran = true; }));
  EXPECT_TRUE(ran);
  pool.stop();
}

TEST(StrandPool, AThrowingInlineTaskIsSwallowedAndTheStrandKeepsWorking) {
  StrandPool pool(2);
  pool.start();
  Log log;
  EXPECT_TRUE(pool.tryRunInline("a", [&] {
    pool.post("a", [&] { log.add("queued-behind-throw"); });
    throw std::runtime_error("boom");
  }));
  ASSERT_TRUE(eventually([&] { return log.size() == 1; }));
  // Not left held: inline and posted work of the key still run.
  ASSERT_TRUE(eventually([&] { return pool.queuedTasks() == 0; }));
  EXPECT_TRUE(eventually([&] { return pool.tryRunInline("a", [&] { log.add("inline"); }); }));
  pool.post("a", [&] { log.add("posted"); });
  ASSERT_TRUE(eventually([&] { return log.size() == 3; }));
  EXPECT_EQ(log.entries(), (std::vector<std::string>{"queued-behind-throw", "inline", "posted"}));
  pool.stop();
}

TEST(StrandPool, InlineAndPostedTasksOfOneKeyNeverOverlap) {
  StrandPool pool(4);
  pool.start();
  std::atomic<int> running{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> ran{0};
  auto task = [&] {
    if (running.fetch_add(1) != 0)
      ++overlaps;
    std::this_thread::yield();
    running.fetch_sub(1);
    ++ran;
  };
  int expected = 0;
  for (int i = 0; i < 2000; ++i) {
    if (i % 2 == 0) {
      pool.post("a", task);
      ++expected;
    } else if (pool.tryRunInline("a", task)) {
      ++expected;
    }
  }
  ASSERT_TRUE(eventually([&] { return ran.load() == expected; })) << ran.load();
  EXPECT_EQ(overlaps.load(), 0);
  pool.stop();
}

}  // namespace
}  // namespace streamit::hub
