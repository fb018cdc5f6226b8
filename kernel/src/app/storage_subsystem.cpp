#include "app/storage_subsystem.h"

#include "log/logger.h"
#include "storage/migrator.h"
#include "storage/storage_factory.h"

namespace streamit::app {
namespace {

// Pending durable writes get this long to land at shutdown before they are dropped (logged).
constexpr std::chrono::seconds kDrainOnStop{5};

}  // namespace

StorageSubsystem::StorageSubsystem(const storage::StorageConfig& config, const std::string& dataDir,
                                   metrics::Registry& metrics)
    : config_(config),
      metrics_(metrics),
      database_(storage::openDatabase(config_, dataDir, metrics_)) {}

void StorageSubsystem::start() {
  storage::Migrator migrator(*database_);
  migrator.checkAtStartup(config_.migrate_on_start);
  log::Logger("storage").info("database ready",
                              {{"backend", database_->backendName()},
                               {"schema_version", std::to_string(migrator.currentVersion())}});
  writeQueue_ = std::make_unique<storage::WriteQueue>(
      *database_, storage::writeQueueOptions(config_), metrics_);
}

void StorageSubsystem::stop() noexcept {
  if (writeQueue_) {
    writeQueue_->drain(kDrainOnStop);
    writeQueue_.reset();
  }
}

}  // namespace streamit::app
