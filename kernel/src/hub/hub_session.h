#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gateway/gateway.h"

namespace streamit::hub {

// Who a connection is, fixed at the upgrade. Shared with the room strand's tasks, which must
// not hold a reference to the gateway-owned session (it dies with the connection).
struct Member {
  std::string room;        // normalized room code
  std::string session_id;  // "<node>-<connection id>", unique across nodes
  std::string user_id;     // token subject
  std::string display_name;
  bool is_host = false;  // from the room record at join; commands re-check the record
};

// Gateway-owned per-connection data. Touched only on the connection's I/O loop thread.
struct HubSession : gateway::Session {
  explicit HubSession(std::shared_ptr<Member> m) : member(std::move(m)) {}
  std::shared_ptr<Member> member;
  std::optional<std::int64_t> message_tat_ms;  // per-connection GCRA state
};

}  // namespace streamit::hub
