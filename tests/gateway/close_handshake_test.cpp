// The close handshake as a pure state machine (gateway/connection.h): no sockets, no clock.

#include <gtest/gtest.h>

#include "gateway/connection.h"
#include "ws/close_codes.h"
#include "ws/frame_parser.h"

namespace streamit::gateway {
namespace {

using PeerClose = CloseHandshake::PeerClose;
using PeerEof = CloseHandshake::PeerEof;
constexpr std::int64_t kTimeoutMs = 2000;

TEST(CloseHandshake, StartsOpenAndNothingExpires) {
  CloseHandshake h;
  EXPECT_TRUE(h.isOpen());
  EXPECT_FALSE(h.expired(1'000'000'000));
  // A connection that never closed only drains data queues: no shutdown, no destroy.
  const auto drained = h.onQueueDrained();
  EXPECT_FALSE(drained.shutdownWrite);
  EXPECT_FALSE(drained.destroy);
}

TEST(CloseHandshake, ServerInitiatedShutsDownAfterOurFrameThenWaitsForThePeer) {
  CloseHandshake h;
  ASSERT_TRUE(h.begin(100, kTimeoutMs));
  EXPECT_FALSE(h.isOpen());
  EXPECT_EQ(h.deadlineMs(), 100 + kTimeoutMs);
  // Our close frame left: half-close once, but keep reading until the peer answers.
  auto drained = h.onQueueDrained();
  EXPECT_TRUE(drained.shutdownWrite);
  EXPECT_FALSE(drained.destroy);
  drained = h.onQueueDrained();
  EXPECT_FALSE(drained.shutdownWrite) << "shutdown(SHUT_WR) happens once";
  // The peer's close frame completes the handshake (nothing left to write).
  EXPECT_EQ(h.onPeerClose(/*queueEmpty=*/true), PeerClose::kDestroy);
}

TEST(CloseHandshake, ServerInitiatedEndsOnPeerEofToo) {
  CloseHandshake h;
  ASSERT_TRUE(h.begin(0, kTimeoutMs));
  h.onQueueDrained();
  EXPECT_EQ(h.onPeerEof(/*queueEmpty=*/true), PeerEof::kDestroy);
}

TEST(CloseHandshake, ClientInitiatedIsEchoedAndEndsOnceTheEchoLeft) {
  CloseHandshake h;
  EXPECT_EQ(h.onPeerClose(/*queueEmpty=*/true), PeerClose::kEcho);
  EXPECT_TRUE(h.isOpen()) << "the loop echoes with begin(); until then it is still open";
  ASSERT_TRUE(h.begin(0, kTimeoutMs));
  const auto drained = h.onQueueDrained();
  EXPECT_TRUE(drained.shutdownWrite);
  EXPECT_TRUE(drained.destroy) << "the peer is done and our echo has left";
}

TEST(CloseHandshake, BothAtOnceWaitsForOurFrameBeforeDestroying) {
  CloseHandshake h;
  ASSERT_TRUE(h.begin(0, kTimeoutMs));  // our close is queued behind a partial frame...
  EXPECT_EQ(h.onPeerClose(/*queueEmpty=*/false), PeerClose::kWaitForQueue);  // ...theirs arrives
  EXPECT_FALSE(h.begin(0, kTimeoutMs)) << "no second close frame, no second onClosed";
  const auto drained = h.onQueueDrained();
  EXPECT_TRUE(drained.shutdownWrite);
  EXPECT_TRUE(drained.destroy);
}

TEST(CloseHandshake, BothAtOnceWithNothingQueuedDestroysAtOnce) {
  CloseHandshake h;
  ASSERT_TRUE(h.begin(0, kTimeoutMs));
  h.onQueueDrained();
  EXPECT_EQ(h.onPeerClose(/*queueEmpty=*/true), PeerClose::kDestroy);
}

TEST(CloseHandshake, EofWhileOpenFailsAndEofWhileWritingStopsReading) {
  CloseHandshake open;
  EXPECT_EQ(open.onPeerEof(true), PeerEof::kFail);

  CloseHandshake closing;
  ASSERT_TRUE(closing.begin(0, kTimeoutMs));
  EXPECT_EQ(closing.onPeerEof(/*queueEmpty=*/false), PeerEof::kStopReading);
  EXPECT_TRUE(closing.onQueueDrained().destroy) << "peer done + queue drained";
}

TEST(CloseHandshake, TimeoutExpiresExactlyAtTheDeadline) {
  CloseHandshake h;
  ASSERT_TRUE(h.begin(1000, kTimeoutMs));
  EXPECT_FALSE(h.expired(1000 + kTimeoutMs - 1));
  EXPECT_TRUE(h.expired(1000 + kTimeoutMs));
  // A second begin (e.g. close() racing the peer's close) does not move the deadline.
  EXPECT_FALSE(h.begin(5000, kTimeoutMs));
  EXPECT_EQ(h.deadlineMs(), 1000 + kTimeoutMs);
}

TEST(CloseHandshake, FailReportsOnlyWhenItWasOpen) {
  CloseHandshake h;
  EXPECT_TRUE(h.fail()) << "open → report 1006 once";
  EXPECT_FALSE(h.isOpen());
  EXPECT_FALSE(h.fail());

  CloseHandshake closing;
  ASSERT_TRUE(closing.begin(0, kTimeoutMs));
  EXPECT_FALSE(closing.fail()) << "onClosed already ran with our code";
}

TEST(CloseCodes, InvalidCodesBecome1011And1005StaysEmpty) {
  EXPECT_EQ(closeCodeForWire(ws::kCloseNormal), ws::kCloseNormal);
  EXPECT_EQ(closeCodeForWire(4003), 4003);
  EXPECT_EQ(closeCodeForWire(ws::kCloseNoStatus), ws::kCloseNoStatus);
  EXPECT_EQ(closeCodeForWire(ws::kCloseAbnormal), ws::kCloseServerError);
  EXPECT_EQ(closeCodeForWire(999), ws::kCloseServerError);
  EXPECT_EQ(closeCodeForWire(5000), ws::kCloseServerError);

  EXPECT_EQ(*closeFrame(ws::kCloseNoStatus, "ignored"), ws::encodeClose());
  EXPECT_EQ(*closeFrame(ws::kCloseGoingAway, "bye"), ws::encodeClose(ws::kCloseGoingAway, "bye"));
  EXPECT_EQ(*closeFrame(1004, "x"), ws::encodeClose(ws::kCloseServerError, "x"));
}

}  // namespace
}  // namespace streamit::gateway
