#include "auth/scopes.h"

#include <algorithm>

namespace streamit::auth {

std::vector<std::string> defaultScopes(UserKind kind, bool guestsMayCreateRooms, bool isAdmin) {
  std::vector<std::string> scopes;
  if (kind == UserKind::kAccount || guestsMayCreateRooms)
    scopes.emplace_back(kScopeRoomCreate);
  scopes.emplace_back(kScopeRoomJoin);
  scopes.emplace_back(kScopeChatSend);
  // Admin rights come only with an account: a guest identity is self-asserted.
  if (kind == UserKind::kAccount && isAdmin)
    scopes.emplace_back(kScopeAdmin);
  return scopes;
}

bool hasScope(const Principal& principal, std::string_view scope) {
  return std::find(principal.scopes.begin(), principal.scopes.end(), scope) !=
         principal.scopes.end();
}

std::optional<http::ErrorCode> requireScope(const Principal& principal, std::string_view scope) {
  if (hasScope(principal, scope))
    return std::nullopt;
  return http::errors::kForbidden;
}

std::string joinScopes(const std::vector<std::string>& scopes) {
  std::string text;
  for (const auto& scope : scopes) {
    if (!text.empty())
      text += ' ';
    text += scope;
  }
  return text;
}

std::vector<std::string> splitScopes(std::string_view text) {
  std::vector<std::string> scopes;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos)
      scopes.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return scopes;
}

std::optional<UserKind> kindOfSubject(std::string_view subject) {
  constexpr std::string_view kGuestPrefix = "guest:";
  constexpr std::string_view kUserPrefix = "user:";
  if (subject.size() > kGuestPrefix.size() && subject.starts_with(kGuestPrefix))
    return UserKind::kGuest;
  if (subject.size() > kUserPrefix.size() && subject.starts_with(kUserPrefix))
    return UserKind::kAccount;
  return std::nullopt;
}

}  // namespace streamit::auth
