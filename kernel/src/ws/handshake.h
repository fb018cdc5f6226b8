#pragma once

#include <string>
#include <string_view>

namespace streamit::ws {

// The parts of an HTTP upgrade request that RFC 6455 §4.2.1 constrains. The I/O layer copies
// them out of Poco's request (missing headers stay empty); keeping this a plain struct lets the
// checks be tested without sockets.
struct UpgradeRequest {
  std::string method;   // "GET"
  std::string version;  // "HTTP/1.1"
  std::string upgrade;
  std::string connection;
  std::string secWebSocketVersion;
  std::string secWebSocketKey;
};

struct HandshakeCheck {
  bool ok = false;
  // HTTP status to refuse with: 405 wrong method, 426 unsupported version (answer with
  // "Sec-WebSocket-Version: 13"), 400 otherwise. 0 when ok.
  int httpStatus = 0;
  std::string reason;  // for logs and the refusal body; empty when ok
};

HandshakeCheck validateUpgradeRequest(const UpgradeRequest& request);

// A key is valid if it is base64 that decodes to exactly 16 bytes (surrounding spaces ignored).
bool isValidWebSocketKey(std::string_view key);

// base64(SHA-1(key + RFC 6455 GUID)). The key is used as sent, minus surrounding spaces.
std::string computeAcceptKey(std::string_view key);

// The complete "101 Switching Protocols" response, so the I/O layer can finish the handshake
// itself on a detached socket instead of letting Poco's WebSocket class buffer the client's
// first frames out of reach (POCO-1.11-PITFALLS.md). `subprotocol` is echoed if non-empty;
// throws std::invalid_argument if it contains characters that could split the header.
std::string buildSwitchingProtocolsResponse(std::string_view key,
                                            std::string_view subprotocol = {});

}  // namespace streamit::ws
