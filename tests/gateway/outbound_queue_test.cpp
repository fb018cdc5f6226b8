// Outbound-queue accounting (gateway/outbound_queue.h): which bytes are owed, which partial frame
// must be kept, and the byte limit behind close 1013. No sockets: the test plays the socket.

#include "gateway/outbound_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace streamit::gateway {
namespace {

ws::SharedFrame frame(std::size_t size, char fill) {
  return std::make_shared<const std::string>(size, fill);
}

TEST(OutboundQueue, StartsEmptyWithoutAllocating) {
  OutboundQueue q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.frameCount(), 0u);
  EXPECT_EQ(q.queuedBytes(), 0u);
  EXPECT_EQ(q.dropUnstarted(), 0u);
  EXPECT_EQ(q.clear(), 0u);
}

TEST(OutboundQueue, CountsOnlyWhatTheSocketRefused) {
  OutboundQueue q;
  EXPECT_EQ(q.push(frame(100, 'a'), 30), 70u);
  EXPECT_EQ(q.queuedBytes(), 70u);
  EXPECT_EQ(q.front().size(), 70u);
  EXPECT_EQ(q.push(frame(50, 'b'), 0), 50u);
  EXPECT_EQ(q.queuedBytes(), 120u);
  EXPECT_EQ(q.frameCount(), 2u);

  EXPECT_FALSE(q.consume(20));  // a short write
  EXPECT_EQ(q.queuedBytes(), 100u);
  EXPECT_EQ(q.front(), std::string(50, 'a'));
  EXPECT_TRUE(q.consume(50));  // completes the first frame
  EXPECT_EQ(q.front(), std::string(50, 'b'));
  EXPECT_TRUE(q.consume(50));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.queuedBytes(), 0u);
}

TEST(OutboundQueue, DroppingKeepsAFramePartlyOnTheWire) {
  OutboundQueue q;
  q.push(frame(100, 'a'), 40);  // 40 bytes already sent: cutting it would corrupt the stream
  q.push(frame(10, 'b'), 0);
  q.push(frame(20, 'c'), 0);
  EXPECT_EQ(q.dropUnstarted(), 30u);
  EXPECT_EQ(q.frameCount(), 1u);
  EXPECT_EQ(q.queuedBytes(), 60u);
  EXPECT_EQ(q.front(), std::string(60, 'a'));
}

TEST(OutboundQueue, DroppingRemovesAnUnstartedFront) {
  OutboundQueue q;
  q.push(frame(100, 'a'), 0);
  q.push(frame(10, 'b'), 0);
  EXPECT_EQ(q.dropUnstarted(), 110u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.queuedBytes(), 0u);
}

TEST(OutboundQueue, LimitCountsQueuedBytesPlusTheNewFrame) {
  OutboundQueue q;
  constexpr std::size_t kLimit = 1000;
  EXPECT_FALSE(q.wouldExceed(kLimit, kLimit)) << "exactly at the limit is allowed";
  EXPECT_TRUE(q.wouldExceed(kLimit + 1, kLimit));
  q.push(frame(600, 'a'), 0);
  EXPECT_FALSE(q.wouldExceed(400, kLimit));
  EXPECT_TRUE(q.wouldExceed(401, kLimit));  // → close 1013 (slow consumer)
  q.consume(300);
  EXPECT_FALSE(q.wouldExceed(700, kLimit)) << "written bytes no longer count";
}

TEST(OutboundQueue, SharedFramesAreQueuedWithoutCopies) {
  const ws::SharedFrame shared = frame(64, 's');
  OutboundQueue viewerA;
  OutboundQueue viewerB;
  viewerA.push(shared, 0);
  viewerB.push(shared, 10);
  EXPECT_EQ(shared.use_count(), 3);
  EXPECT_EQ(viewerA.front().data(), shared->data()) << "the queue points into the shared bytes";
  EXPECT_EQ(viewerB.front().data(), shared->data() + 10);
  viewerA.consume(64);
  EXPECT_EQ(shared.use_count(), 2) << "a written frame is released at once";
  EXPECT_EQ(viewerB.clear(), 54u);
  EXPECT_EQ(shared.use_count(), 1);
}

TEST(OutboundQueue, ReleaseOnlyWhenDrained) {
  OutboundQueue q;
  q.push(frame(5, 'a'), 0);
  q.releaseIfEmpty();
  EXPECT_EQ(q.frameCount(), 1u) << "not drained: nothing released";
  q.consume(5);
  q.releaseIfEmpty();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.frameCount(), 0u);
}

}  // namespace
}  // namespace streamit::gateway
