#include "rooms/room_service.h"

#include <sys/random.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "http/api_error.h"
#include "log/logger.h"
#include "realtime/keys.h"
#include "rooms/public_list.h"
#include "rooms/room_json.h"
#include "storage/database_error.h"

namespace streamit::rooms {
namespace {

// A CAS loses only when another writer applied a transition in between; after a reload the
// event is usually ignored, so a handful of attempts is plenty.
constexpr int kMaxCasAttempts = 5;
constexpr int kMaxCodeAttempts = 3;  // a collision at ~49 bits is already vanishingly rare
// Due rooms handled per sweep; the rest wait one interval (they are ordered by deadline).
constexpr int kSweepBatch = 100;
// The realtime copy of the record only has to bridge a database outage; rewritten on every
// transition and on every database read.
constexpr realtime::Millis kMetaTtl = std::chrono::hours(1);

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::uint64_t systemRandom() {
  std::uint64_t value = 0;
  auto* bytes = reinterpret_cast<unsigned char*>(&value);
  std::size_t filled = 0;
  while (filled < sizeof(value)) {
    const ssize_t n = getrandom(bytes + filled, sizeof(value) - filled, 0);
    if (n < 0)
      throw std::runtime_error("getrandom failed");
    filled += static_cast<std::size_t>(n);
  }
  return value;
}

std::string auditAction(RoomState state) {
  switch (state) {
    case RoomState::kCreated:
      return "room.created";
    case RoomState::kLive:
      return "room.live";
    case RoomState::kGrace:
      return "room.grace";
    case RoomState::kExpired:
      return "room.expired";
    case RoomState::kDeleted:
      return "room.deleted";
  }
  return "room.unknown";
}

bool isSweeperEvent(LifecycleEvent event) {
  return event == LifecycleEvent::kDeadlinePassed || event == LifecycleEvent::kRetentionPassed;
}

}  // namespace

RoomService::RoomService(Dependencies deps, RoomsConfig config, Clock clock, RandomSource random)
    : repo_(deps.db),
      writeQueue_(deps.writeQueue),
      store_(deps.store),
      audit_(deps.audit),
      config_(config),
      policy_(config.policy()),
      clock_(clock ? std::move(clock) : Clock(&systemNowMs)),
      random_(random ? std::move(random) : RandomSource(&systemRandom)),
      sweeper_("rooms.sweeper", std::chrono::milliseconds(config.sweep_interval_ms),
               [this] { sweepLogged(); }),
      viewerSync_("rooms.viewer_sync", std::chrono::milliseconds(config.viewer_sync_interval_ms),
                  [this] { flushViewerCounts(); }) {}

RoomService::~RoomService() {
  stopSweeper();
}

void RoomService::setEventSink(RoomEventSink* sink) {
  sink_.store(sink);
}

RoomEventSink& RoomService::sink() {
  RoomEventSink* sink = sink_.load();
  return sink ? *sink : loggingSink_;
}

RoomView RoomService::create(const auth::Principal& creator, const std::string& title,
                             bool isPublic, const std::optional<std::string>& sourceJson) {
  const std::int64_t nowMs = clock_();
  RoomView room;
  room.title = title;
  room.host_subject = creator.subject;
  room.host_display_name = creator.displayName;
  room.is_public = isPublic;
  room.lifecycle = makeRoomLifecycle(nowMs);
  room.created_ms = nowMs;
  room.updated_ms = nowMs;
  room.source_json = sourceJson;
  for (int attempt = 1;; ++attempt) {
    {
      std::lock_guard lock(randomMutex_);
      room.code = generateRoomCode(random_);
    }
    try {
      repo_.insert(room, nextDeadlineMs(room.lifecycle, policy_));
      break;
    } catch (const storage::QueryError&) {
      // Most likely the code is taken; anything else fails again and is rethrown.
      if (attempt >= kMaxCodeAttempts)
        throw;
    }
  }
  storeMeta(room);
  audit_.record({0, nowMs, creator.subject, auditAction(RoomState::kCreated), room.code, ""});
  cacheDirty_->store(true);
  return room;
}

std::optional<RoomView> RoomService::find(const std::string& code) {
  if (!isValidRoomCode(code))
    return std::nullopt;
  try {
    if (const auto text = store_.get(realtime::keys::roomMeta(code))) {
      if (auto room = decodeRoomMeta(*text); room && room->code == code) {
        if (room->lifecycle.state == RoomState::kDeleted)
          return std::nullopt;
        return room;
      }
    }
  } catch (const realtime::StoreUnavailable&) {
    // The database still knows.
  }
  auto room = repo_.find(code);
  if (room)
    storeMeta(*room);
  return room;
}

void RoomService::remove(const std::string& code, const auth::Principal& actor) {
  // The host is read from the database, not the realtime copy: authority needs the record.
  const auto room = isValidRoomCode(code) ? repo_.find(code) : std::nullopt;
  if (!room)
    throw http::ApiError(http::errors::kRoomNotFound, "no such room");
  if (actor.subject != room->host_subject)
    throw http::ApiError(http::errors::kNotHost, "only the host may delete this room");
  applyEvent(code, LifecycleEvent::kHostDeleted, clock_());
}

Transition RoomService::applyEvent(const std::string& code, LifecycleEvent event,
                                   std::int64_t nowMs) {
  for (int attempt = 0; attempt < kMaxCasAttempts; ++attempt) {
    const auto current = isValidRoomCode(code) ? repo_.find(code) : std::nullopt;
    if (!current)
      throw http::ApiError(http::errors::kRoomNotFound, "no such room");
    Transition transition = apply(current->lifecycle, event, nowMs, policy_);
    if (transition.outcome != TransitionOutcome::kApplied)
      return transition;
    const std::uint64_t expected = current->lifecycle.version;
    // PersistRecord is the CAS itself; the last transition removes the row in the same CAS.
    const bool won = transition.next.state == RoomState::kDeleted
                         ? repo_.removeIfVersion(code, expected)
                         : repo_.updateLifecycle(code, expected, transition.next,
                                                 nextDeadlineMs(transition.next, policy_), nowMs);
    if (!won) {
      log::Logger("rooms").debug("lifecycle CAS lost; reloading",
                                 {{"room", code}, {"event", std::string(toString(event))}});
      continue;
    }
    runEffects(*current, transition, nowMs);
    audit_.record({0, nowMs, isSweeperEvent(event) ? "system" : current->host_subject,
                   auditAction(transition.next.state), code,
                   "event=" + std::string(toString(event)) +
                       " version=" + std::to_string(transition.next.version)});
    return transition;
  }
  throw std::runtime_error("room " + code + ": lifecycle CAS kept losing");
}

void RoomService::runEffects(const RoomView& before, const Transition& transition,
                             std::int64_t nowMs) {
  const std::string& code = before.code;
  bool keysDeleted = false;
  for (const auto& effect : transition.effects) {
    try {
      if (const auto* broadcast = std::get_if<BroadcastRoomState>(&effect)) {
        sink().roomStateChanged(code, *broadcast);
      } else if (const auto* close = std::get_if<CloseMembers>(&effect)) {
        sink().closeRoomMembers(code, close->code, close->reason);
      } else if (std::holds_alternative<DeleteRealtimeKeys>(effect)) {
        deleteRealtimeKeys(code);
        keysDeleted = true;
      }
      // PersistRecord was the CAS; ScheduleDeadline is the deadline_ms column it wrote.
    } catch (const std::exception& e) {
      // The transition is durable; a failing effect must not undo or repeat it.
      log::Logger("rooms").error("room effect failed", {{"room", code}, {"error", e.what()}});
    }
  }
  if (!keysDeleted) {
    RoomView after = before;
    after.lifecycle = transition.next;
    after.updated_ms = nowMs;
    storeMeta(after);
  }
  if (transition.next.state == RoomState::kDeleted) {
    std::lock_guard lock(viewersMutex_);
    pendingViewers_.erase(code);
  }
  flushViewerCounts();
  cacheDirty_->store(true);
}

void RoomService::storeMeta(const RoomView& room) {
  try {
    store_.set(realtime::keys::roomMeta(room.code), encodeRoomMeta(room), kMetaTtl);
  } catch (const realtime::StoreUnavailable& e) {
    log::Logger("rooms").warn("could not cache the room record",
                              {{"room", room.code}, {"error", e.what()}});
  }
}

void RoomService::deleteRealtimeKeys(const std::string& code) {
  namespace keys = realtime::keys;
  try {
    store_.del({keys::roomState(code), keys::roomParticipants(code), keys::roomHostStatus(code),
                keys::roomChat(code), keys::roomMeta(code), keys::roomViewerCount(code),
                keys::roomDelays(code)});
  } catch (const realtime::StoreUnavailable& e) {
    // Every key has a TTL, so what is left expires on its own.
    log::Logger("rooms").warn("could not delete the room's realtime keys",
                              {{"room", code}, {"error", e.what()}});
  }
}

void RoomService::reportViewerCount(const std::string& code, std::int64_t count) {
  std::lock_guard lock(viewersMutex_);
  pendingViewers_[code] = std::max<std::int64_t>(0, count);
}

bool RoomService::flushViewerCounts() {
  std::map<std::string, std::int64_t> batch;
  {
    std::lock_guard lock(viewersMutex_);
    batch.swap(pendingViewers_);
  }
  if (batch.empty())
    return true;
  auto dirty = cacheDirty_;
  const bool queued =
      writeQueue_.tryEnqueue("rooms:viewer_counts", [batch, dirty](storage::Database& db) {
        RoomRepository(db).updateViewerCounts(batch);
        dirty->store(true);
      });
  if (!queued) {
    // Put them back unless newer counts arrived meanwhile; the next flush tries again.
    std::lock_guard lock(viewersMutex_);
    for (auto& [code, count] : batch)
      pendingViewers_.try_emplace(code, count);
  }
  return queued;
}

PublicPage RoomService::publicRooms(int page, int pageSize, PublicSort sort,
                                    const std::string& query) {
  auto fresh = [this](std::int64_t nowMs) {
    std::lock_guard lock(cacheMutex_);
    return cache_ && !cacheDirty_->load() && nowMs - cacheLoadedMs_ < config_.public_cache_ms;
  };
  std::shared_ptr<const std::vector<RoomView>> snapshot;
  if (!fresh(clock_())) {
    std::lock_guard refresh(refreshMutex_);
    const std::int64_t nowMs = clock_();
    if (!fresh(nowMs)) {  // another request may have refreshed while we waited
      // Cleared before the query, so a change landing during it marks the cache again.
      const bool wasDirty = cacheDirty_->exchange(false);
      try {
        auto loaded = std::make_shared<const std::vector<RoomView>>(repo_.publicLive());
        std::lock_guard lock(cacheMutex_);
        cache_ = std::move(loaded);
        cacheLoadedMs_ = nowMs;
      } catch (const storage::DatabaseUnavailable& e) {
        if (wasDirty)
          cacheDirty_->store(true);
        std::lock_guard lock(cacheMutex_);
        if (!cache_)
          throw;
        // Serve the last list and ask the database again only after another interval.
        cacheLoadedMs_ = nowMs;
        log::Logger("rooms").warn("public room list served from a stale cache",
                                  {{"error", e.what()}});
      }
    }
  }
  {
    std::lock_guard lock(cacheMutex_);
    snapshot = cache_;
  }
  return pagePublicRooms(*snapshot, page, pageSize, sort, query);
}

std::vector<RoomView> RoomService::liveRooms(const std::string& afterCode, int limit) {
  return repo_.live(afterCode, limit);
}

int RoomService::sweepOnce() {
  const std::int64_t nowMs = clock_();
  int applied = 0;
  for (const auto& room : repo_.due(nowMs, kSweepBatch)) {
    const auto event = dueEvent(room.lifecycle, nowMs, policy_);
    if (!event)
      continue;
    try {
      if (applyEvent(room.code, *event, nowMs).outcome == TransitionOutcome::kApplied)
        ++applied;
    } catch (const http::ApiError&) {
      // Deleted by another node between the scan and the load.
    }
  }
  return applied;
}

void RoomService::startSweeper() {
  std::lock_guard lock(sweeperMutex_);
  if (sweeperRunning_)
    return;
  sweeperRunning_ = true;
  sweeper_.start();
  viewerSync_.start();
}

void RoomService::stopSweeper() {
  {
    std::lock_guard lock(sweeperMutex_);
    if (!sweeperRunning_)
      return;
    sweeperRunning_ = false;
    sweeper_.stop();
    viewerSync_.stop();
  }
  flushViewerCounts();
}

void RoomService::sweepLogged() {
  try {
    sweepOnce();
  } catch (const std::exception& e) {
    log::Logger("rooms").warn("room sweep failed", {{"error", e.what()}});
  }
}

}  // namespace streamit::rooms
