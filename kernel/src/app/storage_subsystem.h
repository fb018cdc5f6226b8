#pragma once

#include <memory>

#include "app/subsystem.h"
#include "metrics/registry.h"
#include "storage/database.h"
#include "storage/storage_config.h"
#include "storage/write_queue.h"

namespace streamit::app {

// `storage`: the database (created without connecting, so it can be health-checked from the
// start), a start-up gate on the schema version (applying pending migrations when configured)
// and the durable-write queue.
class StorageSubsystem : public Subsystem {
 public:
  StorageSubsystem(const storage::StorageConfig& config, const std::string& dataDir,
                   metrics::Registry& metrics);
  std::string name() const override { return "storage"; }
  void start() override;
  void stop() noexcept override;

  storage::Database& database() { return *database_; }
  storage::WriteQueue& writeQueue() { return *writeQueue_; }

 private:
  storage::StorageConfig config_;
  metrics::Registry& metrics_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<storage::WriteQueue> writeQueue_;
};

}  // namespace streamit::app
