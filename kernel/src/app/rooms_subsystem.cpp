#include "app/rooms_subsystem.h"

#include <stdexcept>

namespace streamit::app {

RoomsSubsystem::RoomsSubsystem(const rooms::RoomsConfig& config, StorageSubsystem& storage,
                               RealtimeSubsystem& realtime)
    : config_(config), storage_(storage), realtime_(realtime) {}

RoomsSubsystem::~RoomsSubsystem() {
  stop();
}

void RoomsSubsystem::start() {
  audit_ = std::make_unique<storage::AuditLog>(storage_.database(), storage_.writeQueue());
  service_ = std::make_unique<rooms::RoomService>(
      rooms::RoomService::Dependencies{storage_.database(), storage_.writeQueue(),
                                       realtime_.store(), *audit_},
      config_);
  service_->setEventSink(sink_.load());
  service_->startSweeper();
  published_.store(service_.get());
}

void RoomsSubsystem::stop() noexcept {
  published_.store(nullptr);
  if (service_) {
    service_->stopSweeper();
    service_.reset();
  }
  audit_.reset();
}

rooms::RoomService& RoomsSubsystem::service() {
  rooms::RoomService* service = published_.load();
  if (!service)
    throw std::logic_error("the rooms subsystem is not running");
  return *service;
}

void RoomsSubsystem::setEventSink(rooms::RoomEventSink* sink) {
  sink_.store(sink);
  if (rooms::RoomService* service = published_.load())
    service->setEventSink(sink);
}

}  // namespace streamit::app
