#pragma once

#include <atomic>
#include <memory>

#include "app/realtime_subsystem.h"
#include "app/storage_subsystem.h"
#include "app/subsystem.h"
#include "rooms/room_service.h"
#include "rooms/rooms_config.h"
#include "storage/audit_log.h"

namespace streamit::app {

// `rooms`: the RoomService and its sweeper. Built in start() because it needs the write queue,
// which exists only once storage has started; stop() halts the sweeper and flushes buffered
// viewer counts before storage drains the queue.
class RoomsSubsystem : public Subsystem {
 public:
  // `storage` and `realtime` must outlive this subsystem and start before it.
  RoomsSubsystem(const rooms::RoomsConfig& config, StorageSubsystem& storage,
                 RealtimeSubsystem& realtime);
  ~RoomsSubsystem() override;
  std::string name() const override { return "rooms"; }
  void start() override;
  void stop() noexcept override;

  // Valid between start() and stop(); throws std::logic_error otherwise.
  rooms::RoomService& service();
  // The realtime hub's sink (nullptr: log only). May be set before or after start(); `sink`
  // must outlive this subsystem.
  void setEventSink(rooms::RoomEventSink* sink);

 private:
  rooms::RoomsConfig config_;
  StorageSubsystem& storage_;
  RealtimeSubsystem& realtime_;
  std::atomic<rooms::RoomEventSink*> sink_{nullptr};
  std::unique_ptr<storage::AuditLog> audit_;
  std::unique_ptr<rooms::RoomService> service_;
  std::atomic<rooms::RoomService*> published_{nullptr};
};

}  // namespace streamit::app
