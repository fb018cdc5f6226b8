// The cross-thread side of an I/O loop (gateway/task_queue.h): order, live ids, load, stop.

#include "gateway/task_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace streamit::gateway {
namespace {

TEST(TaskQueue, TasksRunInPostOrder) {
  TaskQueue queue;
  std::vector<int> ran;
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(queue.push([&ran, i] { ran.push_back(i); }));
  std::vector<TaskQueue::Task> batch;
  queue.takeAll(batch);
  for (auto& task : batch)
    task();
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2}));
  batch.clear();
  queue.takeAll(batch);
  EXPECT_TRUE(batch.empty()) << "taken once";
}

TEST(TaskQueue, OpenReservesTheIdBeforeTheTaskRuns) {
  TaskQueue queue;
  ASSERT_TRUE(queue.pushOpen(42, [] {}));
  EXPECT_TRUE(queue.isLive(42)) << "send() racing the open must not be refused";
  EXPECT_EQ(queue.load(), 1u);
  queue.markNotLive(42);  // closing: send() refuses, but the socket still costs the loop
  EXPECT_FALSE(queue.isLive(42));
  EXPECT_EQ(queue.load(), 1u);
  queue.forget(42);
  EXPECT_EQ(queue.load(), 0u);
}

TEST(TaskQueue, NothingIsQueuedAfterStop) {
  TaskQueue queue;
  ASSERT_TRUE(queue.push([] {}));
  queue.requestStop();
  EXPECT_TRUE(queue.stopping());
  EXPECT_FALSE(queue.push([] {}));
  EXPECT_FALSE(queue.pushOpen(7, [] {}));
  EXPECT_FALSE(queue.isLive(7));
  EXPECT_EQ(queue.load(), 0u);
  std::vector<TaskQueue::Task> batch;
  queue.takeAll(batch);
  EXPECT_EQ(batch.size(), 1u) << "what was posted before stop() still runs";
}

TEST(TaskQueue, ConcurrentPostersLoseNothing) {
  TaskQueue queue;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 1000;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&queue] {
      for (int i = 0; i < kPerThread; ++i)
        queue.push([] {});
    });
  }
  std::size_t taken = 0;
  std::vector<TaskQueue::Task> batch;
  while (taken < std::size_t{kThreads} * kPerThread) {
    queue.takeAll(batch);
    taken += batch.size();
    batch.clear();
  }
  for (auto& thread : threads)
    thread.join();
  queue.takeAll(batch);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(taken, std::size_t{kThreads} * kPerThread);
}

}  // namespace
}  // namespace streamit::gateway
