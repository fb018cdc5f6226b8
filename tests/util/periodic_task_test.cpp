#include "util/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace streamit::util {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

// Polls `done` for up to 5 s; true once it held.
template <typename Predicate>
bool eventually(Predicate done) {
  const auto deadline = Steady::now() + 5s;
  while (!done()) {
    if (Steady::now() > deadline)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(PeriodicTaskTest, RunsRepeatedlyAtItsPeriod) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 10ms, [&] { ++runs; });
  const auto started = Steady::now();
  task.start();
  ASSERT_TRUE(eventually([&] { return runs.load() >= 5; }));
  // Five runs 10 ms apart cannot happen in under 50 ms: the period is waited between runs.
  EXPECT_GE(Steady::now() - started, 50ms);
  task.stop();
}

TEST(PeriodicTaskTest, WaitsOnePeriodBeforeTheFirstRunByDefault) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 10s, [&] { ++runs; });
  task.start();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs.load(), 0);
  task.stop();
}

TEST(PeriodicTaskTest, RunAtStartRunsAtOnce) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 10s, [&] { ++runs; }, {.run_at_start = true});
  task.start();
  EXPECT_TRUE(eventually([&] { return runs.load() == 1; }));
  task.stop();
}

TEST(PeriodicTaskTest, StopIsPromptWithALongPeriod) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 1h, [&] { ++runs; });
  task.start();
  EXPECT_TRUE(task.running());
  std::this_thread::sleep_for(10ms);  // the thread is inside its wait
  const auto before = Steady::now();
  task.stop();
  EXPECT_LT(Steady::now() - before, 500ms);
  EXPECT_FALSE(task.running());
  EXPECT_EQ(runs.load(), 0);
}

TEST(PeriodicTaskTest, StopFinishesTheRunningTaskAndRunsNoMore) {
  std::atomic<bool> inside{false};
  std::atomic<int> finished{0};
  PeriodicTask task("test", 1ms,
                    [&] {
                      inside = true;
                      std::this_thread::sleep_for(30ms);
                      ++finished;
                    },
                    {.run_at_start = true});
  task.start();
  ASSERT_TRUE(eventually([&] { return inside.load(); }));
  task.stop();
  const int afterStop = finished.load();
  EXPECT_GE(afterStop, 1);  // the run in progress completed before stop() returned
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(finished.load(), afterStop);
}

TEST(PeriodicTaskTest, AThrowingRunDoesNotEndTheTask) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 5ms, [&] {
    ++runs;
    if (runs.load() % 2 == 1)
      throw std::runtime_error("store unavailable");
    throw 42;  // not even a std::exception
  });
  task.start();
  EXPECT_TRUE(eventually([&] { return runs.load() >= 4; }));
  EXPECT_TRUE(task.running());
  task.stop();
}

TEST(PeriodicTaskTest, WakeNowRunsBeforeThePeriodEnds) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 1h, [&] { ++runs; });
  task.start();
  task.wakeNow();
  EXPECT_TRUE(eventually([&] { return runs.load() == 1; }));
  task.wakeNow();
  EXPECT_TRUE(eventually([&] { return runs.load() == 2; }));
  task.stop();
}

TEST(PeriodicTaskTest, StartAndStopAreIdempotentAndRestartable) {
  std::atomic<int> runs{0};
  PeriodicTask task("test", 1h, [&] { ++runs; }, {.run_at_start = true});
  task.stop();  // never started
  task.start();
  task.start();
  ASSERT_TRUE(eventually([&] { return runs.load() == 1; }));
  task.stop();
  task.stop();
  task.start();
  EXPECT_TRUE(eventually([&] { return runs.load() == 2; }));
  // The destructor stops it.
}

}  // namespace
}  // namespace streamit::util
