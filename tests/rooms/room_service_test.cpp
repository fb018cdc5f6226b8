// RoomService on both backend pairs (memory + SQLite, Redis + PostgreSQL): every transition
// with its sink events and close codes in order, CAS races, realtime TTL hygiene, viewer-count
// batching and the public-list cache.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "http/api_error.h"
#include "realtime/keys.h"
#include "realtime/redis_store.h"
#include "room_fixture.h"
#include "rooms/close_codes.h"
#include "storage/database_error.h"

namespace streamit::rooms::test {
namespace {

using realtime::test::eventually;
using Strings = std::vector<std::string>;

class RoomServiceTest : public RoomFixture {};

std::string errorCode(const std::function<void()>& call) {
  try {
    call();
  } catch (const http::ApiError& e) {
    return std::string(e.code().code);
  }
  return "none";
}

TEST_P(RoomServiceTest, CreateStoresTheRecordAndFindsIt) {
  RoomService& service = makeService();
  const auto room = service.create(principal("guest:h1", "Hana"), "Movie night", true,
                                   std::string(R"({"provider":"direct","ref":"x"})"));
  EXPECT_TRUE(isValidRoomCode(room.code));
  EXPECT_EQ(room.lifecycle.state, RoomState::kCreated);
  EXPECT_EQ(room.created_ms, clock_.now());
  const auto stored = service.repository().find(room.code);
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, room);
  const auto found = service.find(room.code);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->host_subject, "guest:h1");
  EXPECT_EQ(found->host_display_name, "Hana");
  EXPECT_EQ(found->source_json, room.source_json);
  EXPECT_FALSE(service.find("2222222222"));
  EXPECT_FALSE(service.find("not a code"));
}

TEST_P(RoomServiceTest, FullLifecycleRunsEffectsInOrderAndAuditsEachTransition) {
  RecordingSink sink;
  RoomsConfig config;
  config.grace_period_s = 60;
  config.retention_s = 3600;
  RoomService& service = makeService(config, &sink);
  const auto room = service.create(principal("guest:h1"), "Room", true, std::nullopt);
  const std::string& c = room.code;

  EXPECT_EQ(service.applyEvent(c, LifecycleEvent::kHostConnected, clock_.now()).outcome,
            TransitionOutcome::kApplied);
  // A duplicate is ignored: no second broadcast, no second audit row.
  EXPECT_EQ(service.applyEvent(c, LifecycleEvent::kHostConnected, clock_.now()).outcome,
            TransitionOutcome::kIgnored);
  clock_.advance(1000);
  const std::int64_t graceAt = clock_.now() + 60'000;
  service.applyEvent(c, LifecycleEvent::kHostDisconnected, clock_.now());
  EXPECT_EQ(service.find(c)->lifecycle.state, RoomState::kGrace);
  service.applyEvent(c, LifecycleEvent::kHostConnected, clock_.now());
  service.applyEvent(c, LifecycleEvent::kHeartbeatMissed, clock_.now());
  const std::int64_t secondGraceAt = clock_.now() + 60'000;

  // Not due yet: the sweeper changes nothing.
  EXPECT_EQ(service.sweepOnce(), 0);
  clock_.advance(60'000);
  EXPECT_EQ(service.sweepOnce(), 1);
  EXPECT_EQ(service.sweepOnce(), 0);
  const auto expired = service.repository().find(c);
  ASSERT_TRUE(expired);  // kept until retention
  EXPECT_EQ(expired->lifecycle.state, RoomState::kExpired);
  EXPECT_EQ(service.find(c)->lifecycle.state, RoomState::kExpired);

  EXPECT_EQ(
      sink.events(),
      (Strings{c + " state:LIVE", c + " state:GRACE@" + std::to_string(graceAt), c + " state:LIVE",
               c + " state:GRACE@" + std::to_string(secondGraceAt), c + " state:EXPIRED",
               c + " close:" + std::to_string(kCloseRoomExpired) + ":room expired"}));

  clock_.advance(3600'000 - 1);
  EXPECT_EQ(service.sweepOnce(), 0);
  clock_.advance(1);
  EXPECT_EQ(service.sweepOnce(), 1);
  EXPECT_FALSE(service.repository().find(c));
  EXPECT_FALSE(service.find(c));
  EXPECT_EQ(sink.events().size(), 6u);  // retention closes nobody: everyone already left

  EXPECT_EQ(auditRows("room.created").size(), 1u);
  EXPECT_EQ(auditRows("room.live").size(), 2u);
  EXPECT_EQ(auditRows("room.grace").size(), 2u);
  EXPECT_EQ(auditRows("room.expired").size(), 1u);
  EXPECT_EQ(auditRows("room.deleted").size(), 1u);
  EXPECT_EQ(auditRows("room.expired").front().subject, c);
}

TEST_P(RoomServiceTest, UnclaimedRoomExpiresAfterTheTimeout) {
  RecordingSink sink;
  RoomsConfig config;
  config.unclaimed_timeout_s = 5;
  RoomService& service = makeService(config, &sink);
  const auto room = service.create(principal("guest:h1"), "Room", false, std::nullopt);
  clock_.advance(4999);
  EXPECT_EQ(service.sweepOnce(), 0);
  clock_.advance(1);
  EXPECT_EQ(service.sweepOnce(), 1);
  EXPECT_EQ(service.find(room.code)->lifecycle.state, RoomState::kExpired);
  EXPECT_EQ(sink.events(),
            (Strings{room.code + " state:EXPIRED", room.code + " close:4002:room expired"}));
  // A host arriving too late is refused.
  EXPECT_EQ(service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now()).outcome,
            TransitionOutcome::kRejected);
}

TEST_P(RoomServiceTest, HostDeleteClosesMembersAndRemovesTheRow) {
  RecordingSink sink;
  RoomService& service = makeService({}, &sink);
  const auto room = service.create(principal("guest:h1"), "Room", true, std::nullopt);
  service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
  sink.clear();

  EXPECT_EQ(errorCode([&] { service.remove(room.code, principal("guest:other")); }), "NOT_HOST");
  EXPECT_TRUE(sink.events().empty());
  EXPECT_TRUE(service.find(room.code));

  service.remove(room.code, principal("guest:h1"));
  EXPECT_EQ(sink.events(),
            (Strings{room.code + " state:DELETED", room.code + " close:4001:room deleted"}));
  EXPECT_FALSE(service.repository().find(room.code));
  EXPECT_FALSE(service.find(room.code));
  EXPECT_EQ(errorCode([&] { service.remove(room.code, principal("guest:h1")); }), "ROOM_NOT_FOUND");
  EXPECT_EQ(errorCode([&] {
              service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
            }),
            "ROOM_NOT_FOUND");
  EXPECT_EQ(auditRows("room.deleted").size(), 1u);
}

TEST_P(RoomServiceTest, CasLossReloadsAndTheEventIsAppliedOnce) {
  RecordingSink sinkA, sinkB;
  CountingDatabase dbA(*realDb_);
  RoomService& a = makeService({}, &sinkA, &dbA);
  RoomService& b = makeService({}, &sinkB);
  const auto room = a.create(principal("guest:h1"), "Room", true, std::nullopt);
  // A's applyEvent: call 1 loads the record, call 2 is the CAS. Just before the CAS, node B
  // applies the same event on the same snapshot, so A's CAS must lose.
  dbA.beforeNextCall([&] {
    dbA.beforeNextCall(
        [&] { b.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now()); });
  });
  const auto result = a.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
  EXPECT_EQ(result.outcome, TransitionOutcome::kIgnored);  // after the reload: already LIVE
  EXPECT_TRUE(sinkA.events().empty());
  EXPECT_EQ(sinkB.events(), (Strings{room.code + " state:LIVE"}));
  EXPECT_EQ(a.find(room.code)->lifecycle.version, 2u);
  EXPECT_EQ(auditRows("room.live").size(), 1u);

  // The repository CAS itself: a stale version never wins.
  RoomLifecycle next = a.repository().find(room.code)->lifecycle;
  EXPECT_FALSE(a.repository().updateLifecycle(room.code, 1, next, std::nullopt, clock_.now()));
  EXPECT_FALSE(a.repository().removeIfVersion(room.code, 1));
  EXPECT_TRUE(a.repository().find(room.code));
}

TEST_P(RoomServiceTest, ConcurrentSweepersExpireEachRoomExactlyOnce) {
  RoomsConfig config;
  config.unclaimed_timeout_s = 1;
  std::vector<std::unique_ptr<RecordingSink>> sinks;
  std::vector<RoomService*> nodes;
  for (int i = 0; i < 3; ++i) {
    sinks.push_back(std::make_unique<RecordingSink>());
    nodes.push_back(&makeService(config, sinks.back().get()));
  }
  std::set<std::string> codes;
  for (int i = 0; i < 6; ++i)
    codes.insert(nodes[0]->create(principal("guest:h1"), "R", true, std::nullopt).code);
  clock_.advance(1000);
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (auto* node : nodes) {
    threads.emplace_back([node, &applied] {
      for (int round = 0; round < 3; ++round)
        applied += node->sweepOnce();
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(applied.load(), 6);
  std::multiset<std::string> expiredEvents;
  for (auto& sink : sinks) {
    for (const auto& e : sink->events()) {
      if (e.find("state:EXPIRED") != std::string::npos)
        expiredEvents.insert(e.substr(0, e.find(' ')));
    }
  }
  EXPECT_EQ(expiredEvents, std::multiset<std::string>(codes.begin(), codes.end()));
  std::multiset<std::string> audited;
  for (const auto& row : auditRows("room.expired"))
    audited.insert(row.subject);
  EXPECT_EQ(audited, std::multiset<std::string>(codes.begin(), codes.end()));
}

TEST_P(RoomServiceTest, EveryRealtimeKeyHasATtlAndExpiryRemovesTheRoomKeys) {
  RoomService& service = makeService();
  const auto kept = service.create(principal("guest:h1"), "Kept", true, std::nullopt);
  const auto gone = service.create(principal("guest:h1"), "Gone", true, std::nullopt);
  for (const auto* room : {&kept, &gone}) {
    service.applyEvent(room->code, LifecycleEvent::kHostConnected, clock_.now());
    // What the hub and playback would write, with their TTLs.
    store_->set(realtime::keys::roomState(room->code), "{}", std::chrono::minutes(5));
    store_->hset(realtime::keys::roomParticipants(room->code), {{"u", "1"}},
                 std::chrono::minutes(5));
    store_->set(realtime::keys::roomHostStatus(room->code), "up", std::chrono::minutes(5));
    store_->pushCapped(realtime::keys::roomChat(room->code), "hi", 10, std::chrono::minutes(5));
    ASSERT_TRUE(service.find(room->code));
  }
  service.applyEvent(gone.code, LifecycleEvent::kHostDisconnected, clock_.now());
  clock_.advance(60'000);
  EXPECT_EQ(service.sweepOnce(), 1);
  service.remove(kept.code, principal("guest:h1"));
  const auto third = service.create(principal("guest:h1"), "Third", false, std::nullopt);
  ASSERT_TRUE(service.find(third.code));

  const auto keys = store_->scan("*");
  ASSERT_FALSE(keys.empty());  // at least the third room's meta copy
  for (const auto& key : keys) {
    EXPECT_GT(store_->pttl(key), 0) << key;
    EXPECT_EQ(key.find(kept.code), std::string::npos) << "deleted room left " << key;
    EXPECT_EQ(key.find(gone.code), std::string::npos) << "expired room left " << key;
  }
}

TEST_P(RoomServiceTest, ViewerCountsAreWrittenInOneBatch) {
  RoomService& service = makeService();
  const auto a = service.create(principal("guest:h1"), "A", true, std::nullopt);
  const auto b = service.create(principal("guest:h1"), "B", true, std::nullopt);
  ASSERT_TRUE(drain());
  const int before = db_->calls();
  for (int i = 1; i <= 5; ++i) {
    service.reportViewerCount(a.code, i);
    service.reportViewerCount(b.code, 10 * i);
  }
  ASSERT_TRUE(drain());
  EXPECT_EQ(db_->calls(), before);  // buffered, nothing written yet
  EXPECT_TRUE(service.flushViewerCounts());
  ASSERT_TRUE(drain());
  EXPECT_EQ(db_->calls(), before + 1);  // one transaction for both rooms
  EXPECT_EQ(service.repository().find(a.code)->viewer_count, 5);
  EXPECT_EQ(service.repository().find(b.code)->viewer_count, 50);
  // Nothing pending: no write at all.
  const int afterFlush = db_->calls();
  EXPECT_TRUE(service.flushViewerCounts());
  ASSERT_TRUE(drain());
  EXPECT_EQ(db_->calls(), afterFlush);
}

TEST_P(RoomServiceTest, SweeperThreadSyncsViewerCountsAndExpiresRooms) {
  RoomsConfig config;
  config.sweep_interval_ms = 20;
  config.viewer_sync_interval_ms = 20;
  config.unclaimed_timeout_s = 1;
  RecordingSink sink;
  RoomService& service = makeService(config, &sink);
  const auto live = service.create(principal("guest:h1"), "A", true, std::nullopt);
  service.applyEvent(live.code, LifecycleEvent::kHostConnected, clock_.now());
  const auto unclaimed = service.create(principal("guest:h1"), "B", true, std::nullopt);
  service.startSweeper();
  service.reportViewerCount(live.code, 7);
  EXPECT_TRUE(eventually([&] { return service.repository().find(live.code)->viewer_count == 7; }));
  clock_.advance(1000);
  EXPECT_TRUE(eventually([&] {
    return service.repository().find(unclaimed.code)->lifecycle.state == RoomState::kExpired;
  }));
  service.stopSweeper();
  EXPECT_EQ(service.repository().find(live.code)->lifecycle.state, RoomState::kLive);
}

TEST_P(RoomServiceTest, PublicListFiltersSortsPagesAndIsServedFromTheCache) {
  RoomsConfig config;
  config.public_cache_ms = 3'600'000;  // only local changes refresh it in this test
  RoomService& service = makeService(config);
  auto live = [&](const std::string& title, bool isPublic, std::int64_t viewers) {
    clock_.advance(10);
    const auto room = service.create(principal("guest:h1"), title, isPublic, std::nullopt);
    service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
    service.reportViewerCount(room.code, viewers);
    return room.code;
  };
  const auto alpha = live("Alpha movie", true, 5);
  const auto beta = live("beta Movie", true, 9);
  const auto gamma = live("Gamma", true, 5);
  live("Secret movie", false, 100);                                             // private
  service.create(principal("guest:h1"), "Not live movie", true, std::nullopt);  // CREATED
  const auto graceCode = live("In grace", true, 50);
  service.applyEvent(graceCode, LifecycleEvent::kHostDisconnected, clock_.now());
  ASSERT_TRUE(service.flushViewerCounts());
  ASSERT_TRUE(drain());

  auto codes = [](const PublicPage& page) {
    std::vector<std::string> out;
    for (const auto& r : page.items)
      out.push_back(r.code);
    return out;
  };
  const auto byViewers = service.publicRooms(1, 20, PublicSort::kViewers, "");
  EXPECT_EQ(byViewers.total, 3);
  // Equal viewer counts fall back to the code, so the order is stable everywhere.
  const auto [first5, second5] = alpha < gamma ? std::pair(alpha, gamma) : std::pair(gamma, alpha);
  EXPECT_EQ(codes(byViewers), (Strings{beta, first5, second5}));
  EXPECT_EQ(codes(service.publicRooms(1, 20, PublicSort::kNewest, "")),
            (Strings{gamma, beta, alpha}));
  EXPECT_EQ(codes(service.publicRooms(1, 20, PublicSort::kTitle, "")),
            (Strings{alpha, beta, gamma}));  // case-insensitive
  const auto page2 = service.publicRooms(2, 2, PublicSort::kViewers, "");
  EXPECT_EQ(page2.total, 3);
  EXPECT_EQ(page2.page, 2);
  EXPECT_EQ(page2.page_size, 2);
  EXPECT_EQ(codes(page2), (Strings{second5}));
  EXPECT_TRUE(service.publicRooms(3, 2, PublicSort::kViewers, "").items.empty());
  const auto movies = service.publicRooms(1, 20, PublicSort::kTitle, "MOVIE");
  EXPECT_EQ(movies.total, 2);
  EXPECT_EQ(codes(movies), (Strings{alpha, beta}));
  EXPECT_EQ(byViewers.items.front().viewer_count, 9);

  // Nothing changed: repeated requests never reach the database.
  const int calls = db_->calls();
  for (int i = 0; i < 20; ++i)
    service.publicRooms(1, 20, PublicSort::kViewers, "");
  EXPECT_EQ(db_->calls(), calls);

  // A local change is visible on the next request.
  const auto delta = live("Delta", true, 0);
  EXPECT_EQ(service.publicRooms(1, 20, PublicSort::kViewers, "").total, 4);
  service.remove(delta, principal("guest:h1"));
  EXPECT_EQ(service.publicRooms(1, 20, PublicSort::kViewers, "").total, 3);
}

TEST_P(RoomServiceTest, PublicListServesTheLastCacheWhenTheDatabaseFails) {
  RoomsConfig config;
  config.public_cache_ms = 1;
  RoomService& service = makeService(config);
  const auto room = service.create(principal("guest:h1"), "A", true, std::nullopt);
  service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
  EXPECT_EQ(service.publicRooms(1, 20, PublicSort::kViewers, "").total, 1);
  db_->setDown(true);
  clock_.advance(10);
  EXPECT_EQ(service.publicRooms(1, 20, PublicSort::kViewers, "").total, 1);
  // A node that never loaded the list has nothing to serve.
  RoomService& fresh = makeService(config);
  EXPECT_THROW(fresh.publicRooms(1, 20, PublicSort::kViewers, ""), storage::DatabaseUnavailable);
  db_->setDown(false);
  EXPECT_EQ(fresh.publicRooms(1, 20, PublicSort::kViewers, "").total, 1);
}

TEST_P(RoomServiceTest, FindUsesTheRealtimeCopyWhileTheDatabaseIsDown) {
  RoomService& service = makeService();
  const auto room = service.create(principal("guest:h1"), "A", true, std::nullopt);
  service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
  db_->setDown(true);
  const auto found = service.find(room.code);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->lifecycle.state, RoomState::kLive);
  EXPECT_EQ(found->title, "A");
  store_->del({realtime::keys::roomMeta(room.code)});
  EXPECT_THROW(service.find(room.code), storage::DatabaseUnavailable);
  db_->setDown(false);
  EXPECT_TRUE(service.find(room.code));
}

// The store points at a port nobody listens on: rooms and the public list keep working from
// the database alone.
TEST_P(RoomServiceTest, RoomsWorkWithTheRealtimeStoreDown) {
  realtime::RealtimeConfig deadConfig;
  deadConfig.backend = realtime::RealtimeConfig::Backend::kRedis;
  deadConfig.key_prefix = prefix_;
  deadConfig.redis.host = "127.0.0.1";
  deadConfig.redis.port = testing::freeTcpPort();
  deadConfig.redis.connect_timeout_ms = 200;
  deadConfig.redis.command_timeout_ms = 200;
  realtime::RedisStore dead(deadConfig, registry_);
  RoomsConfig config;
  config.public_cache_ms = 1;
  RoomService service(RoomService::Dependencies{*db_, *queue_, dead, *audit_}, config, clock_.fn());
  const auto room = service.create(principal("guest:h1"), "A", true, std::nullopt);
  service.applyEvent(room.code, LifecycleEvent::kHostConnected, clock_.now());
  EXPECT_EQ(service.find(room.code)->lifecycle.state, RoomState::kLive);
  EXPECT_EQ(service.publicRooms(1, 20, PublicSort::kViewers, "").total, 1);
  clock_.advance(10);
  EXPECT_EQ(service.publicRooms(1, 20, PublicSort::kViewers, "").total, 1);
  service.remove(room.code, principal("guest:h1"));
  EXPECT_FALSE(service.find(room.code));
  ASSERT_TRUE(drain());
}

TEST_P(RoomServiceTest, PlaybackSnapshotRoundTrips) {
  RoomService& service = makeService();
  const auto room = service.create(principal("guest:h1"), "A", true, std::nullopt);
  auto& snapshots = service.playbackSnapshots();
  EXPECT_FALSE(snapshots.loadPlaybackSnapshot(room.code));
  EXPECT_TRUE(snapshots.savePlaybackSnapshot(room.code, 3, R"({"status":"playing"})"));
  const auto loaded = snapshots.loadPlaybackSnapshot(room.code);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->epoch, 3);
  EXPECT_EQ(loaded->json, R"({"status":"playing"})");
  EXPECT_FALSE(snapshots.savePlaybackSnapshot("2222222222", 1, "{}"));
  EXPECT_FALSE(snapshots.loadPlaybackSnapshot("2222222222"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RoomServiceTest, ::testing::ValuesIn(kBackendPairs),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace streamit::rooms::test
