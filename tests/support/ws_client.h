#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

// A blocking WebSocket client for tests, written against RFC 6455 on a raw socket (not with the
// server's codec) so the server is checked against independent bytes. Masks what it sends,
// answers pings, and exposes raw writes for malformed-input tests.
namespace streamit::testing {

struct WsMessage {
  enum class Kind { kText, kClose, kTimeout, kDisconnected };
  Kind kind = Kind::kTimeout;
  std::string text;              // kText: the message; kClose: the reason
  std::uint16_t close_code = 0;  // kClose: the code (1005 when absent)
};

class WsClient {
 public:
  // Connects to 127.0.0.1:port and sends the upgrade for `path` with `headers` added.
  // status() is 101 on success; otherwise the HTTP status and body() the response body.
  WsClient(int port, const std::string& path,
           const std::map<std::string, std::string>& headers = {},
           std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;
  WsClient(WsClient&& other) noexcept;

  int status() const { return status_; }
  const std::string& body() const { return body_; }
  bool open() const { return status_ == 101 && fd_ >= 0; }

  bool sendText(std::string_view text);
  // `firstByte` = FIN|RSV|opcode as on the wire; masked unless told otherwise.
  bool sendFrame(std::uint8_t firstByte, std::string_view payload, bool masked = true);
  bool sendRaw(std::string_view bytes);
  bool sendClose(std::uint16_t code, std::string_view reason = {});

  // The next text or close message (pings are answered, pongs skipped).
  WsMessage receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The next text message whose "type" equals `type`, skipping others; nullptr on timeout,
  // close or disconnect (then lastClose() tells which).
  Poco::JSON::Object::Ptr receiveType(const std::string& type,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Waits for the server's close (skipping messages); its code, or nullopt on timeout.
  std::optional<std::uint16_t> awaitClose(
      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  const WsMessage& lastClose() const { return lastClose_; }

  // Answers every later ping this late (the receive call that reads the ping sleeps), to play a
  // member on a slow link.
  void setPongDelay(std::chrono::milliseconds delay) { pongDelay_ = delay; }
  // Stops reading entirely (for slow-consumer tests): shrinks the receive buffer.
  void shrinkReceiveBuffer();
  void closeSocket();

 private:
  bool readMore(std::chrono::steady_clock::time_point deadline);
  std::optional<WsMessage> nextFrame();

  int fd_ = -1;
  std::string path_;  // for contract-mode records (support/contract_log.h)
  int status_ = 0;
  std::string body_;
  std::string buffer_;
  std::chrono::milliseconds pongDelay_{0};
  std::string fragments_;
  WsMessage lastClose_;
};

Poco::JSON::Object::Ptr parseJsonObject(const std::string& text);

}  // namespace streamit::testing
