#pragma once

#include <functional>
#include <optional>
#include <variant>

#include "http/message.h"

namespace streamit::http {

// A route registered with Router::addUpgrade answers a GET with an RFC 6455 upgrade. The
// HTTP layer validates the handshake headers first (ws::validateUpgradeRequest), then asks the
// handler, which checks auth/Origin/room and either refuses (an ordinary error Response, sent
// through the dispatcher like any other) or accepts. On accept the server writes the 101,
// detaches the socket from Poco, dup()s it and calls `adopt` with the copy; the callee owns
// that fd from then on (it must close it, even when it fails).
struct UpgradeAccept {
  std::function<void(int fd)> adopt;  // takes ownership of fd
};
using UpgradeDecision = std::variant<Response, UpgradeAccept>;  // Response = refusal
// Runs on the HTTP pool thread; may throw (ApiError → its envelope, anything else → 500).
using UpgradeHandler = std::function<UpgradeDecision(const Request&)>;

// Status a dispatched upgrade route reports when its handler accepted (the Dispatcher sees an
// ordinary Handler; this is what it logs and counts).
inline constexpr int kSwitchingProtocols = 101;

namespace detail {
// The accepted decision travels from the Router's wrapper Handler (run inside
// Dispatcher::dispatch, which maps exceptions and records metrics) to the HTTP server on the
// same thread. The server clears it before dispatching and takes it afterwards.
std::optional<UpgradeAccept>& pendingUpgrade();
}  // namespace detail

}  // namespace streamit::http
