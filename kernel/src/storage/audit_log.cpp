#include "storage/audit_log.h"

#include <Poco/Data/Session.h>

#include <algorithm>
#include <chrono>

namespace streamit::storage {

using namespace Poco::Data::Keywords;

bool AuditLog::record(AuditEntry entry) {
  if (entry.tsMs == 0) {
    entry.tsMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  }
  std::string name = "audit:" + entry.action;
  return queue_.tryEnqueue(std::move(name), [entry](Database& db) {
    // Poco binds by reference and needs non-const lvalues of its own integer types.
    Poco::Int64 ts = entry.tsMs;
    std::string actor = entry.actor, action = entry.action, subject = entry.subject,
                detail = entry.detail;
    db.withSession([&](Poco::Data::Session& session) {
      session << db.sql(
          "INSERT INTO audit_log (ts_ms, actor, action, subject, detail) "
          "VALUES (?, ?, ?, ?, ?)"),
          use(ts), use(actor), use(action), use(subject), use(detail), now;
    });
  });
}

std::vector<AuditEntry> AuditLog::recent(int limit) {
  std::vector<Poco::Int64> ids, ts;
  std::vector<std::string> actors, actions, subjects, details;
  int rows = std::max(0, limit);
  db_.withSession([&](Poco::Data::Session& session) {
    session << db_.sql(
        "SELECT id, ts_ms, actor, action, subject, detail FROM audit_log "
        "ORDER BY ts_ms DESC, id DESC LIMIT ?"),
        into(ids), into(ts), into(actors), into(actions), into(subjects), into(details), use(rows),
        now;
  });
  std::vector<AuditEntry> out(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out[i] = AuditEntry{ids[i], ts[i], actors[i], actions[i], subjects[i], details[i]};
  }
  return out;
}

}  // namespace streamit::storage
