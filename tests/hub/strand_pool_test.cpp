#include "hub/strand_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>

namespace streamit::hub {
namespace {

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

}  // namespace
}  // namespace streamit::hub
