#pragma once

// A minimal blocking WebSocket client over a raw socket for the gateway tests. Unlike
// tests/support/ws_client it never answers pings by itself (heartbeat tests need a silent
// peer) and reports every frame, so tests see exactly what the server put on the wire.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ws_test_util.h"

namespace streamit::gateway::testing {

struct RawFrame {
  std::uint8_t opcode = 0;
  bool fin = true;
  std::string payload;
  std::uint16_t closeCode() const {
    if (payload.size() < 2)
      return 1005;
    return static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                      static_cast<std::uint8_t>(payload[1]));
  }
};

class RawClient {
 public:
  static constexpr const char* kKey = "dGhlIHNhbXBsZSBub25jZQ==";  // RFC 6455 sample

  RawClient(int port, const std::string& path, const std::string& extraHeaders = {},
            const std::string& key = kKey) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string request = "GET " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
    if (!key.empty())
      request += "Sec-WebSocket-Key: " + key + "\r\n";
    request += extraHeaders + "\r\n";
    sendRaw(request);
    // Head
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      if (!readMore(deadline))
        return;
    }
    const auto end = buffer_.find("\r\n\r\n") + 4;
    head_ = buffer_.substr(0, end);
    buffer_.erase(0, end);
    if (head_.size() > 12)
      status_ = std::stoi(head_.substr(9, 3));
    if (status_ != 101) {
      const auto pos = lowerHead().find("content-length:");
      std::size_t length = 0;
      if (pos != std::string::npos)
        length = std::stoul(head_.substr(pos + 15));
      while (buffer_.size() < length && readMore(deadline)) {
      }
      body_ = buffer_.substr(0, length);
      buffer_.erase(0, std::min(length, buffer_.size()));
    }
  }
  ~RawClient() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  int status() const { return status_; }
  const std::string& head() const { return head_; }
  const std::string& body() const { return body_; }
  int fd() const { return fd_; }
  std::string lowerHead() const {
    std::string out = head_;
    for (auto& c : out)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  bool sendRaw(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  bool sendFrame(std::uint8_t opcode, std::string_view payload, bool fin = true) {
    return sendRaw(ws::testing::clientFrame(opcode, payload, fin));
  }
  bool sendText(std::string_view text) { return sendFrame(0x1, text); }
  bool sendClose(std::uint16_t code, std::string_view reason = {}) {
    return sendRaw(ws::testing::clientFrame(0x8, ws::testing::closePayload(code, reason)));
  }

  // The next frame, or nullopt on timeout / EOF (then eof() tells which).
  std::optional<RawFrame> readFrame(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto frame = parse())
        return frame;
      if (!readMore(deadline))
        return std::nullopt;
    }
  }
  // Skips data frames and pings until a close frame arrives; its code (nullopt: none came).
  std::optional<std::uint16_t> awaitClose(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto frame = readFrame(std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()));
      if (!frame)
        return std::nullopt;
      if (frame->opcode == 0x8)
        return frame->closeCode();
    }
    return std::nullopt;
  }
  // True when the server closed the TCP connection (EOF or reset) within the timeout.
  bool waitEof(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      buffer_.clear();
      if (!readMore(deadline))
        return eof_;
    }
  }
  bool eof() const { return eof_; }
  void shrinkReceiveBuffer() {
    const int size = 4096;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }

 private:
  bool readMore(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0 || fd_ < 0)
      return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0)
      return false;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  std::optional<RawFrame> parse() {
    if (buffer_.size() < 2)
      return std::nullopt;
    const auto b0 = static_cast<std::uint8_t>(buffer_[0]);
    const auto b1 = static_cast<std::uint8_t>(buffer_[1]);
    std::size_t pos = 2;
    std::uint64_t length = b1 & 0x7F;
    if (length == 126) {
      if (buffer_.size() < 4)
        return std::nullopt;
      length = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(buffer_[2])) << 8) |
               static_cast<std::uint8_t>(buffer_[3]);
      pos = 4;
    } else if (length == 127) {
      if (buffer_.size() < 10)
        return std::nullopt;
      length = 0;
      for (int i = 0; i < 8; ++i)
        length = (length << 8) | static_cast<std::uint8_t>(buffer_[2 + i]);
      pos = 10;
    }
    if ((b1 & 0x80) != 0)
      pos += 4;  // servers never mask; tolerated for completeness
    if (buffer_.size() < pos + length)
      return std::nullopt;
    RawFrame frame;
    frame.fin = (b0 & 0x80) != 0;
    frame.opcode = b0 & 0x0F;
    frame.payload = buffer_.substr(pos, length);
    buffer_.erase(0, pos + length);
    return frame;
  }

  int fd_ = -1;
  int status_ = 0;
  bool eof_ = false;
  std::string head_;
  std::string body_;
  std::string buffer_;
};

}  // namespace streamit::gateway::testing
