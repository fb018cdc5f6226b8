#include "auth/account_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <vector>

#include "storage/database_error.h"

namespace streamit::auth {
namespace {

using namespace Poco::Data::Keywords;

std::optional<AccountRecord> selectByUsername(storage::Database& db, Poco::Data::Session& session,
                                              const std::string& username) {
  std::vector<Poco::Int64> ids, created, lastLogin;
  std::vector<std::string> names, displayNames, hashes;
  std::string name = username;
  session << db.sql(
      "SELECT id, username, display_name, password_hash, created_ms, "
      "last_login_ms FROM accounts WHERE username = ?"),
      into(ids), into(names), into(displayNames), into(hashes), into(created), into(lastLogin),
      use(name), now;
  if (ids.empty())
    return std::nullopt;
  return AccountRecord{ids[0], names[0], displayNames[0], hashes[0], created[0], lastLogin[0]};
}

}  // namespace

AccountRepository::AccountRepository(storage::Database& db) : db_(db) {}

std::optional<AccountRecord> AccountRepository::create(const std::string& username,
                                                       const std::string& passwordHash,
                                                       const std::string& displayName,
                                                       std::int64_t nowMs) {
  std::optional<AccountRecord> created;
  bool taken = false;
  try {
    db_.withTransaction([&](Poco::Data::Session& session) {
      if (selectByUsername(db_, session, username)) {
        taken = true;
        return;
      }
      std::string name = username, hash = passwordHash, display = displayName;
      Poco::Int64 at = nowMs;
      session << db_.sql(
          "INSERT INTO accounts (username, display_name, password_hash, "
          "created_ms, updated_ms, last_login_ms) VALUES (?, ?, ?, ?, ?, 0)"),
          use(name), use(display), use(hash), use(at), use(at), now;
      created = selectByUsername(db_, session, username);
    });
  } catch (const storage::QueryError&) {
    // A concurrent registration won the UNIQUE constraint between our check and insert.
    if (find(username))
      return std::nullopt;
    throw;
  }
  if (taken)
    return std::nullopt;
  return created;
}

std::optional<AccountRecord> AccountRepository::find(const std::string& username) {
  std::optional<AccountRecord> found;
  db_.withSession(
      [&](Poco::Data::Session& session) { found = selectByUsername(db_, session, username); });
  return found;
}

bool AccountRepository::setPasswordHash(std::int64_t id, const std::string& passwordHash,
                                        std::int64_t nowMs) {
  std::size_t changed = 0;
  db_.withSession([&](Poco::Data::Session& session) {
    std::string hash = passwordHash;
    Poco::Int64 at = nowMs, key = id;
    Poco::Data::Statement statement(session);
    statement << db_.sql("UPDATE accounts SET password_hash = ?, updated_ms = ? WHERE id = ?"),
        use(hash), use(at), use(key);
    changed = statement.execute();
  });
  return changed > 0;
}

bool AccountRepository::recordLogin(std::int64_t id, std::int64_t atMs) {
  std::size_t changed = 0;
  db_.withSession([&](Poco::Data::Session& session) {
    Poco::Int64 at = atMs, key = id;
    Poco::Data::Statement statement(session);
    statement << db_.sql("UPDATE accounts SET last_login_ms = ? WHERE id = ?"), use(at), use(key);
    changed = statement.execute();
  });
  return changed > 0;
}

}  // namespace streamit::auth
