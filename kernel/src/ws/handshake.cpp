#include "ws/handshake.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>
#include <utility>

namespace streamit::ws {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string_view trimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

char lowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lowerAscii(a[i]) != lowerAscii(b[i])) {
      return false;
    }
  }
  return true;
}

// Headers like Connection are comma-separated token lists ("keep-alive, Upgrade").
bool hasToken(std::string_view list, std::string_view token) {
  while (true) {
    const std::size_t comma = list.find(',');
    if (equalsIgnoreCase(trimSpaces(list.substr(0, comma)), token)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      return false;
    }
    list.remove_prefix(comma + 1);
  }
}

bool isBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

HandshakeCheck refuse(int status, std::string reason) {
  return {false, status, std::move(reason)};
}

}  // namespace

bool isValidWebSocketKey(std::string_view key) {
  key = trimSpaces(key);
  // 16 bytes encode to 22 significant characters plus "==" padding, nothing else.
  if (key.size() != 24 || key.substr(22) != "==") {
    return false;
  }
  for (std::size_t i = 0; i < 22; ++i) {
    if (!isBase64Char(key[i])) {
      return false;
    }
  }
  return true;
}

HandshakeCheck validateUpgradeRequest(const UpgradeRequest& request) {
  if (request.method != "GET") {
    return refuse(405, "WebSocket upgrade requires GET");
  }
  if (request.version != "HTTP/1.1") {
    return refuse(400, "WebSocket upgrade requires HTTP/1.1");
  }
  if (!hasToken(request.upgrade, "websocket")) {
    return refuse(400, "missing or wrong Upgrade header");
  }
  if (!hasToken(request.connection, "upgrade")) {
    return refuse(400, "Connection header lacks the upgrade token");
  }
  if (trimSpaces(request.secWebSocketVersion) != "13") {
    return refuse(426, "unsupported Sec-WebSocket-Version (13 required)");
  }
  if (!isValidWebSocketKey(request.secWebSocketKey)) {
    return refuse(400, "Sec-WebSocket-Key is not base64 of 16 bytes");
  }
  return {true, 0, {}};
}

std::string computeAcceptKey(std::string_view key) {
  std::string input(trimSpaces(key));
  input.append(kGuid);
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
  // EVP_EncodeBlock writes 4 characters per 3 bytes plus a terminating NUL.
  std::array<unsigned char, 4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1> encoded{};
  const int length = EVP_EncodeBlock(encoded.data(), digest.data(), SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded.data()),
                     static_cast<std::size_t>(length));
}

std::string buildSwitchingProtocolsResponse(std::string_view key, std::string_view subprotocol) {
  for (const char c : subprotocol) {
    if (c == '\r' || c == '\n' || c == '\0') {
      throw std::invalid_argument("subprotocol contains a line break");
    }
  }
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  response.append(computeAcceptKey(key));
  response.append("\r\n");
  if (!subprotocol.empty()) {
    response.append("Sec-WebSocket-Protocol: ");
    response.append(subprotocol);
    response.append("\r\n");
  }
  response.append("\r\n");
  return response;
}

}  // namespace streamit::ws
