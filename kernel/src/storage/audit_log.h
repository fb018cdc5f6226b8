#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/write_queue.h"

namespace streamit::storage {

// One row of audit_log. Text fields are UTF-8 and stored as given.
struct AuditEntry {
  std::int64_t id = 0;  // assigned by the database; ignored by record()
  std::int64_t tsMs = 0;
  std::string actor;
  std::string action;  // required
  std::string subject;
  std::string detail;
};

// The audit trail: who did what to which room/user, kept durably. Thread-safe.
class AuditLog {
 public:
  // Both must outlive this object.
  AuditLog(Database& db, WriteQueue& queue) : db_(db), queue_(queue) {}

  // Queues the insert; never blocks. False when the write queue is full (the entry is lost
  // and counted as dropped). A zero tsMs is replaced by the current time.
  bool record(AuditEntry entry);
  // Newest first (by ts_ms, then id), at most `limit` rows. Reads directly on the calling
  // thread; throws DatabaseUnavailable / QueryError.
  std::vector<AuditEntry> recent(int limit);

 private:
  Database& db_;
  WriteQueue& queue_;
};

}  // namespace streamit::storage
