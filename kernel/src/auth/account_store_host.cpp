#include "auth/account_store_host.h"

#include <chrono>
#include <exception>
#include <string>
#include <string_view>

#include "log/logger.h"
#include "util/backend_error.h"

namespace streamit::auth {
namespace {

// Longer than any hash or name the plugin has reason to store; a bound before SQL sees it.
constexpr std::uint64_t kMaxFieldBytes = 1024;

std::string_view viewOf(StreamItStr s) {
  return s.data == nullptr ? std::string_view{} : std::string_view(s.data, s.size);
}
StreamItStr strOf(const std::string& s) {
  return StreamItStr{s.data(), s.size()};
}
bool fieldOk(StreamItStr s) {
  return s.data != nullptr && s.size > 0 && s.size <= kMaxFieldBytes;
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void emit(const AccountRecord& r, sdk::AccountSinkV1& out) {
  const StreamItAccount pod{
      sizeof(StreamItAccount), 0,           r.id,         strOf(r.username), strOf(r.displayName),
      strOf(r.passwordHash),   r.createdMs, r.lastLoginMs};
  out.account(&pod);
}

// The exception barrier of every method.
template <class Work>
StreamItStatus guarded(const char* op, Work work) noexcept {
  try {
    return work();
  } catch (const util::BackendUnavailable&) {
    return STREAMIT_STATUS_UNAVAILABLE;
  } catch (const std::exception& e) {
    log::Logger("auth").error("account store failed", {{"op", op}, {"error", e.what()}});
  } catch (...) {
    log::Logger("auth").error("account store failed", {{"op", op}});
  }
  return STREAMIT_STATUS_ERROR;
}

}  // namespace

AccountStoreHost::AccountStoreHost(AccountRepository& repository) : repository_(repository) {}

StreamItStatus AccountStoreHost::create(StreamItStr username, StreamItStr password_hash,
                                        StreamItStr display_name,
                                        sdk::AccountSinkV1& out) noexcept {
  if (!fieldOk(username) || !fieldOk(password_hash) || !fieldOk(display_name))
    return STREAMIT_STATUS_INVALID_ARGUMENT;
  return guarded("create", [&] {
    const auto row =
        repository_.create(std::string(viewOf(username)), std::string(viewOf(password_hash)),
                           std::string(viewOf(display_name)), nowMs());
    if (!row)
      return STREAMIT_STATUS_CONFLICT;
    emit(*row, out);
    return STREAMIT_STATUS_OK;
  });
}

StreamItStatus AccountStoreHost::find(StreamItStr username, sdk::AccountSinkV1& out) noexcept {
  if (!fieldOk(username))
    return STREAMIT_STATUS_NOT_FOUND;
  return guarded("find", [&] {
    const auto row = repository_.find(std::string(viewOf(username)));
    if (!row)
      return STREAMIT_STATUS_NOT_FOUND;
    emit(*row, out);
    return STREAMIT_STATUS_OK;
  });
}

StreamItStatus AccountStoreHost::setPasswordHash(int64_t id, StreamItStr password_hash) noexcept {
  if (!fieldOk(password_hash))
    return STREAMIT_STATUS_INVALID_ARGUMENT;
  return guarded("set_password_hash", [&] {
    return repository_.setPasswordHash(id, std::string(viewOf(password_hash)), nowMs())
               ? STREAMIT_STATUS_OK
               : STREAMIT_STATUS_NOT_FOUND;
  });
}

StreamItStatus AccountStoreHost::recordLogin(int64_t id, int64_t at_ms) noexcept {
  return guarded("record_login", [&] {
    return repository_.recordLogin(id, at_ms) ? STREAMIT_STATUS_OK : STREAMIT_STATUS_NOT_FOUND;
  });
}

}  // namespace streamit::auth
