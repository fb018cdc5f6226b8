#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"

namespace streamit::auth {

// One row of `accounts` (migration 0003).
struct AccountRecord {
  std::int64_t id = 0;
  std::string username;
  std::string displayName;
  std::string passwordHash;
  std::int64_t createdMs = 0;
  std::int64_t lastLoginMs = 0;  // 0 = never
};

// SQL for the accounts table, both dialects. Stores what it is given: username policy and
// password hashing belong to the auth plugin (ADR 0004). Database errors propagate
// (DatabaseUnavailable → DB_UNAVAILABLE). Thread-safe; `db` must outlive this object.
class AccountRepository {
 public:
  explicit AccountRepository(storage::Database& db);

  // The new row, or nothing when the username is taken (the UNIQUE constraint decides, so two
  // concurrent registrations of one name cannot both succeed).
  std::optional<AccountRecord> create(const std::string& username, const std::string& passwordHash,
                                      const std::string& displayName, std::int64_t nowMs);
  std::optional<AccountRecord> find(const std::string& username);
  // False when no row has this id.
  bool setPasswordHash(std::int64_t id, const std::string& passwordHash, std::int64_t nowMs);
  bool recordLogin(std::int64_t id, std::int64_t atMs);

 private:
  storage::Database& db_;
};

}  // namespace streamit::auth
