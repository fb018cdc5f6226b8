#pragma once

#include <functional>
#include <memory>

#include "http/message.h"
#include "http/upgrade.h"
#include "hub/hub_session.h"

namespace streamit::auth {
class WsAuthenticator;
}
namespace streamit::rooms {
class RoomService;
}
namespace streamit::chat {
class ChatService;
}

// Who may open a room's WebSocket. Runs on an HTTP pool thread before the handshake
// completes, so every refusal is an ordinary HTTP error response and never a half-open socket
// (issue #4, "WebSocket auth consistent with REST"). Thread-safe.
namespace streamit::hub {

class UpgradeGate {
 public:
  // Hands an accepted socket and who it is to the gateway (after the handshake).
  using Adopt = std::function<void(int fd, std::shared_ptr<Member> member)>;

  UpgradeGate(const auth::WsAuthenticator& wsAuth, rooms::RoomService& rooms,
              chat::ChatService& chat, Adopt adopt);

  // Credentials, room:join scope, the room exists and has not ended, the caller is not kicked.
  http::UpgradeDecision decide(const http::Request& request) const;

 private:
  const auth::WsAuthenticator& wsAuth_;
  rooms::RoomService& rooms_;
  chat::ChatService& chat_;
  Adopt adopt_;
};

}  // namespace streamit::hub
