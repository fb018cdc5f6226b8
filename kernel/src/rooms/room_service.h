#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/scopes.h"
#include "realtime/realtime_store.h"
#include "rooms/lifecycle.h"
#include "rooms/room_code.h"
#include "rooms/room_event_sink.h"
#include "rooms/room_repository.h"
#include "rooms/room_view.h"
#include "rooms/rooms_config.h"
#include "storage/audit_log.h"
#include "storage/write_queue.h"
#include "util/periodic_task.h"

namespace streamit::rooms {

// The one place rooms change. Every lifecycle transition goes through applyEvent(): load the
// record, run the pure state machine, CAS the record on its previous version, and only when
// the CAS won run the effects (sink, realtime keys, audit). So a transition raced by several
// threads or nodes happens exactly once.
//
// Thread-safe. Calls block on the database (and the realtime store), so they run on HTTP pool
// or worker threads, never on a WebSocket I/O loop. Errors: ApiError ROOM_NOT_FOUND / NOT_HOST;
// DatabaseUnavailable when the database cannot answer (the dispatcher maps it to 503).
class RoomService {
 public:
  using Clock = std::function<std::int64_t()>;  // ms since the epoch

  struct Dependencies {
    storage::Database& db;
    storage::WriteQueue& writeQueue;
    realtime::RealtimeStore& store;
    storage::AuditLog& audit;
  };

  // Every dependency must outlive the service. `clock` and `random` default to the system
  // clock and a CSPRNG (tests inject their own).
  RoomService(Dependencies deps, RoomsConfig config, Clock clock = {}, RandomSource random = {});
  ~RoomService();  // stops the sweeper
  RoomService(const RoomService&) = delete;
  RoomService& operator=(const RoomService&) = delete;

  // Replaces the sink (nullptr: the logging sink). `sink` must outlive the service or be
  // replaced before it dies; set it before traffic starts.
  void setEventSink(RoomEventSink* sink);

  RoomView create(const auth::Principal& creator, const std::string& title, bool isPublic,
                  const std::optional<std::string>& sourceJson);
  // The realtime copy first (so reconnects keep working while the database is down), then the
  // database. nullopt for unknown and deleted rooms.
  std::optional<RoomView> find(const std::string& code);
  // Host only (the host comes from the record, never from a token claim): NOT_HOST otherwise.
  void remove(const std::string& code, const auth::Principal& actor);
  // ROOM_NOT_FOUND when there is no record. Throws std::runtime_error when the CAS keeps
  // losing (bounded retries), which means something is rewriting the row in a loop.
  Transition applyEvent(const std::string& code, LifecycleEvent event, std::int64_t nowMs);

  // Buffered: the latest count per room is written in one batch every
  // viewer_sync_interval_ms (by the sweeper thread) and on every transition.
  void reportViewerCount(const std::string& code, std::int64_t count);
  // Queues the buffered counts now (one WriteQueue job); false when the queue refused them.
  bool flushViewerCounts();

  // From an in-process cache of LIVE public rooms, re-read at most every public_cache_ms (and
  // on the next request after a local change). When the database fails, the last cache is
  // served; with no cache at all DatabaseUnavailable is thrown.
  PublicPage publicRooms(int page, int pageSize, PublicSort sort, const std::string& query);

  // One page of LIVE rooms (public or not) in code order after `afterCode` ("" = the first
  // page), at most `limit`: the cluster's orphan check pages through them.
  std::vector<RoomView> liveRooms(const std::string& afterCode, int limit);

  // One sweep now: applies every due event (DeadlinePassed / RetentionPassed). Returns the
  // number of transitions this node applied. Exposed for tests; the sweeper calls it.
  int sweepOnce();
  // The background thread: sweeps every sweep_interval_ms and syncs viewer counts every
  // viewer_sync_interval_ms. Idempotent; stopSweeper() joins and flushes viewer counts.
  void startSweeper();
  void stopSweeper();

  RoomRepository& repository() { return repo_; }
  PlaybackSnapshotStore& playbackSnapshots() { return repo_; }
  const RoomsConfig& config() const { return config_; }

 private:
  void runEffects(const RoomView& before, const Transition& transition, std::int64_t nowMs);
  void storeMeta(const RoomView& room);
  void deleteRealtimeKeys(const std::string& code);
  // The sweeper task's run: sweepOnce(), a failure logged (the next interval tries again).
  void sweepLogged();
  RoomEventSink& sink();

  RoomRepository repo_;
  storage::WriteQueue& writeQueue_;
  realtime::RealtimeStore& store_;
  storage::AuditLog& audit_;
  RoomsConfig config_;
  LifecyclePolicy policy_;
  Clock clock_;
  RandomSource random_;
  std::mutex randomMutex_;

  LoggingRoomEventSink loggingSink_;
  std::atomic<RoomEventSink*> sink_{nullptr};

  std::mutex viewersMutex_;
  std::map<std::string, std::int64_t> pendingViewers_;

  // Public-list cache. refreshMutex_ serialises refreshes so a burst of requests after expiry
  // causes one query; cacheMutex_ guards the snapshot itself.
  std::mutex refreshMutex_;
  std::mutex cacheMutex_;
  std::shared_ptr<const std::vector<RoomView>> cache_;
  std::int64_t cacheLoadedMs_ = 0;
  std::shared_ptr<std::atomic<bool>> cacheDirty_ = std::make_shared<std::atomic<bool>>(true);

  // Serialises startSweeper() and stopSweeper(); the tasks are declared last so they stop
  // (in the destructor) before anything they use is destroyed.
  std::mutex sweeperMutex_;
  bool sweeperRunning_ = false;
  util::PeriodicTask sweeper_;
  util::PeriodicTask viewerSync_;
};

}  // namespace streamit::rooms
