#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/error_codes.h"

namespace streamit::auth {

// What a token allows. Scopes are coarse capabilities; per-room rights (who hosts a room)
// are decided by the room, not by the token.
inline constexpr std::string_view kScopeRoomCreate = "room:create";
inline constexpr std::string_view kScopeRoomJoin = "room:join";
inline constexpr std::string_view kScopeChatSend = "chat:send";
inline constexpr std::string_view kScopeAdmin = "admin";

enum class UserKind { kGuest, kAccount };

// Who a verified token speaks for.
struct Principal {
  std::string subject;  // "guest:<uuid>" or "user:<id>"
  std::string displayName;
  UserKind kind = UserKind::kGuest;
  std::vector<std::string> scopes;
};

// The scopes a freshly signed-in user receives. `isAdmin` only matters for accounts.
std::vector<std::string> defaultScopes(UserKind kind, bool guestsMayCreateRooms,
                                       bool isAdmin = false);

bool hasScope(const Principal& principal, std::string_view scope);

// FORBIDDEN when the principal lacks `scope`, nothing when it may proceed.
std::optional<http::ErrorCode> requireScope(const Principal& principal, std::string_view scope);

// "room:join chat:send" <-> {"room:join", "chat:send"}; runs of spaces are tolerated.
std::string joinScopes(const std::vector<std::string>& scopes);
std::vector<std::string> splitScopes(std::string_view text);

// The subject prefix decides the kind; anything else is not a subject we issued.
std::optional<UserKind> kindOfSubject(std::string_view subject);

}  // namespace streamit::auth
