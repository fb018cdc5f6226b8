#include "hub/upgrade_gate.h"

#include <utility>

#include "auth/scopes.h"
#include "auth/ws_auth.h"
#include "chat/chat_service.h"
#include "http/api_error.h"
#include "http/error_codes.h"
#include "http/error_envelope.h"
#include "rooms/room_code.h"
#include "rooms/room_service.h"
#include "util/backend_error.h"
#include "util/clock.h"

namespace streamit::hub {

UpgradeGate::UpgradeGate(const auth::WsAuthenticator& wsAuth, rooms::RoomService& rooms,
                         chat::ChatService& chat, Adopt adopt)
    : wsAuth_(wsAuth), rooms_(rooms), chat_(chat), adopt_(std::move(adopt)) {}

http::UpgradeDecision UpgradeGate::decide(const http::Request& request) const {
  try {
    const auto it = request.pathParams.find("code");
    const auto code =
        it == request.pathParams.end() ? std::nullopt : rooms::normalizeRoomCode(it->second);
    if (!code)
      throw http::ApiError(http::errors::kRoomNotFound, "no such room");
    // Credentials first: an anonymous caller learns nothing about which rooms exist.
    const auth::Principal principal = wsAuth_.authenticateWebSocket(request, *code);
    if (const auto missing = auth::requireScope(principal, "room:join")) {
      throw http::ApiError(*missing, "this token may not join rooms", {{"scope", "room:join"}});
    }
    const auto room = rooms_.find(*code);
    if (!room)
      throw http::ApiError(http::errors::kRoomNotFound, "no such room");
    if (room->lifecycle.state == rooms::RoomState::kExpired ||
        room->lifecycle.state == rooms::RoomState::kDeleted) {
      throw http::ApiError(http::errors::kRoomClosed, "the room has ended",
                           {{"state", std::string(rooms::toString(room->lifecycle.state))}});
    }
    const auto now = util::systemNowMs();
    if (const auto until = chat_.blockedUntil(*code, principal.subject, now)) {
      // Kicked by the host: no rejoin until the block ends.
      throw http::ApiError(http::errors::kForbidden, "the host removed you from this room",
                           {{"retry_after_ms", std::to_string(*until - now)}});
    }
    auto member = std::make_shared<Member>();
    member->room = *code;
    member->user_id = principal.subject;
    member->display_name = principal.displayName;
    member->is_host = principal.subject == room->host_subject;
    return http::UpgradeAccept{[adopt = adopt_, member](int fd) { adopt(fd, member); }};
  } catch (const http::ApiError& e) {
    return http::errorResponse(e.code(), e.what(), e.details());
  } catch (const util::BackendUnavailable& e) {
    const auto& code =
        e.backend() == "realtime" ? http::errors::kStateUnavailable : http::errors::kDbUnavailable;
    return http::errorResponse(code, e.what());
  }
}

}  // namespace streamit::hub
