#include "support/ws_client.h"

#include "support/contract_log.h"

#include <Poco/JSON/Parser.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace streamit::testing {
namespace {

using Clock = std::chrono::steady_clock;

bool writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string maskedFrame(std::uint8_t firstByte, std::string_view payload, bool masked) {
  static thread_local std::mt19937 random(std::random_device{}());
  std::string out;
  out.push_back(static_cast<char>(firstByte));
  const std::uint8_t maskBit = masked ? 0x80 : 0;
  const std::uint64_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(maskBit | size));
  } else if (size <= 0xFFFF) {
    out.push_back(static_cast<char>(maskBit | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xFF));
  } else {
    out.push_back(static_cast<char>(maskBit | 127));
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  std::uint8_t mask[4] = {0, 0, 0, 0};
  if (masked) {
    for (auto& byte : mask) {
      byte = static_cast<std::uint8_t>(random());
      out.push_back(static_cast<char>(byte));
    }
  }
  for (std::size_t i = 0; i < payload.size(); ++i)
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ mask[i % 4]));
  return out;
}

}  // namespace

WsClient::WsClient(int port, const std::string& path,
                   const std::map<std::string, std::string>& headers,
                   std::chrono::milliseconds timeout)
    : path_(path) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0)
    throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    closeSocket();
    return;
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  std::map<std::string, std::string> all = {{"Upgrade", "websocket"},
                                            {"Connection", "Upgrade"},
                                            {"Sec-WebSocket-Version", "13"},
                                            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  for (const auto& [name, value] : headers)
    all[name] = value;
  for (const auto& [name, value] : all)
    request += name + ": " + value + "\r\n";
  request += "\r\n";
  if (!writeAll(fd_, request)) {
    closeSocket();
    return;
  }
  const auto deadline = Clock::now() + timeout;
  std::size_t headerEnd = std::string::npos;
  while ((headerEnd = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!readMore(deadline))
      return;
  }
  const std::string head = buffer_.substr(0, headerEnd);
  buffer_.erase(0, headerEnd + 4);
  if (head.size() > 12)
    status_ = std::stoi(head.substr(9, 3));
  std::map<std::string, std::string> responseHeaders;
  if (contract::enabled()) {
    std::istringstream lines(head);
    std::string line;
    std::getline(lines, line);  // the status line
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      if (const auto colon = line.find(':'); colon != std::string::npos) {
        const auto value = line.find_first_not_of(' ', colon + 1);
        responseHeaders[line.substr(0, colon)] =
            value == std::string::npos ? std::string() : line.substr(value);
      }
    }
  }
  if (status_ == 101) {
    contract::recordHttp("GET", path_, status_, responseHeaders, {});
    return;
  }
  // An error response: read the body (Content-Length) for the envelope.
  std::size_t length = 0;
  const auto lower = [](std::string s) {
    for (auto& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }(head);
  if (const auto at = lower.find("content-length:"); at != std::string::npos)
    length = std::stoul(lower.substr(at + 15));
  while (buffer_.size() < length && readMore(deadline)) {
  }
  body_ = buffer_.substr(0, std::min(length, buffer_.size()));
  contract::recordHttp("GET", path_, status_, responseHeaders, body_);
}

WsClient::~WsClient() {
  closeSocket();
}

WsClient::WsClient(WsClient&& other) noexcept
    : fd_(other.fd_),
      path_(std::move(other.path_)),
      status_(other.status_),
      body_(std::move(other.body_)),
      buffer_(std::move(other.buffer_)),
      fragments_(std::move(other.fragments_)),
      lastClose_(std::move(other.lastClose_)) {
  other.fd_ = -1;
}

void WsClient::closeSocket() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

bool WsClient::readMore(Clock::time_point deadline) {
  if (fd_ < 0)
    return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0)
    return false;
  pollfd entry{fd_, POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0)
    return false;
  char chunk[65536];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    closeSocket();
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool WsClient::sendText(std::string_view text) {
  return sendFrame(0x81, text);
}

bool WsClient::sendFrame(std::uint8_t firstByte, std::string_view payload, bool masked) {
  return fd_ >= 0 && writeAll(fd_, maskedFrame(firstByte, payload, masked));
}

bool WsClient::sendRaw(std::string_view bytes) {
  return fd_ >= 0 && writeAll(fd_, bytes);
}

bool WsClient::sendClose(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason);
  return sendFrame(0x88, payload);
}

// One complete frame from buffer_, or nullopt when more bytes are needed.
std::optional<WsMessage> WsClient::nextFrame() {
  while (true) {
    if (buffer_.size() < 2)
      return std::nullopt;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(buffer_.data());
    const bool fin = (bytes[0] & 0x80) != 0;
    const std::uint8_t opcode = bytes[0] & 0x0F;
    std::uint64_t length = bytes[1] & 0x7F;
    std::size_t offset = 2;
    if (length == 126) {
      if (buffer_.size() < 4)
        return std::nullopt;
      length = (std::uint64_t{bytes[2]} << 8) | bytes[3];
      offset = 4;
    } else if (length == 127) {
      if (buffer_.size() < 10)
        return std::nullopt;
      length = 0;
      for (int i = 0; i < 8; ++i)
        length = (length << 8) | bytes[2 + i];
      offset = 10;
    }
    if (buffer_.size() < offset + length)
      return std::nullopt;
    std::string payload = buffer_.substr(offset, length);
    buffer_.erase(0, offset + length);
    switch (opcode) {
      case 0x9:  // ping → pong
        if (pongDelay_.count() > 0)
          std::this_thread::sleep_for(pongDelay_);
        sendFrame(0x8A, payload);
        continue;
      case 0xA:
        continue;
      case 0x8: {
        WsMessage close{WsMessage::Kind::kClose, {}, 1005};
        if (payload.size() >= 2) {
          close.close_code = static_cast<std::uint16_t>(
              (static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]));
          close.text = payload.substr(2);
        }
        contract::recordWsClose(path_, close.close_code);
        return close;
      }
      default:
        fragments_ += payload;
        if (!fin)
          continue;
        WsMessage message{WsMessage::Kind::kText, std::move(fragments_), 0};
        fragments_.clear();
        // Every data message: the contract has text messages only, so a binary one fails the check.
        contract::recordWsText(path_, message.text);
        return message;
    }
  }
}

WsMessage WsClient::receive(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (auto message = nextFrame())
      return *message;
    if (fd_ < 0)
      return {WsMessage::Kind::kDisconnected, {}, 0};
    if (!readMore(deadline))
      return {fd_ < 0 ? WsMessage::Kind::kDisconnected : WsMessage::Kind::kTimeout, {}, 0};
  }
}

Poco::JSON::Object::Ptr WsClient::receiveType(const std::string& type,
                                              std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return nullptr;
    const auto message = receive(left);
    if (message.kind != WsMessage::Kind::kText) {
      lastClose_ = message;
      return nullptr;
    }
    auto object = parseJsonObject(message.text);
    if (object && object->optValue<std::string>("type", "") == type)
      return object;
  }
}

std::optional<std::uint16_t> WsClient::awaitClose(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return std::nullopt;
    const auto message = receive(left);
    if (message.kind == WsMessage::Kind::kClose) {
      lastClose_ = message;
      return message.close_code;
    }
    if (message.kind != WsMessage::Kind::kText)
      return std::nullopt;
  }
}

void WsClient::shrinkReceiveBuffer() {
  const int size = 4096;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
}

Poco::JSON::Object::Ptr parseJsonObject(const std::string& text) {
  try {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace streamit::testing
