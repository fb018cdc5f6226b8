// Durable accounts kept by the kernel for auth plugins (ABI 1.2, ADR 0004). The kernel owns
// the table, its migrations and the uniqueness of usernames; the plugin owns the policy
// (username rules, password hashing and verification). Reached through HostV2::accountStore().
#pragma once

#include "streamit/sdk/abi.h"

namespace streamit::sdk {

// Receives one account (borrowed for the call). Implemented by the plugin (the C++ layer).
// Ownership: the caller's; lifetime: the call; thread safety: used by one call at a time.
class AccountSinkV1 {
 public:
  virtual void account(const StreamItAccount* account) noexcept = 0;

 protected:
  virtual ~AccountSinkV1() = default;
};

// Ownership: the kernel's. Lifetime: the host's. Thread safety: any thread, concurrently.
// Every method returns within the database's statement timeout and never throws; UNAVAILABLE
// when the database cannot answer (the kernel maps it to DB_UNAVAILABLE).
class AccountStoreV1 {
 public:
  // Inserts a row. OK and `out` receives it; CONFLICT when the username is taken;
  // INVALID_ARGUMENT when a field is empty or over 1024 bytes.
  virtual StreamItStatus create(StreamItStr username, StreamItStr password_hash,
                                StreamItStr display_name, AccountSinkV1& out) noexcept = 0;
  // OK and `out` receives the row; NOT_FOUND when no account has this exact username.
  virtual StreamItStatus find(StreamItStr username, AccountSinkV1& out) noexcept = 0;
  // Replaces the stored hash (rehash with stronger parameters, password change). NOT_FOUND
  // for an unknown id.
  virtual StreamItStatus setPasswordHash(int64_t id, StreamItStr password_hash) noexcept = 0;
  // Records a successful sign-in at `at_ms`. NOT_FOUND for an unknown id.
  virtual StreamItStatus recordLogin(int64_t id, int64_t at_ms) noexcept = 0;

 protected:
  virtual ~AccountStoreV1() = default;
};

}  // namespace streamit::sdk
