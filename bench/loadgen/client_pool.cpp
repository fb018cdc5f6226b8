#include "loadgen/client_pool.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "common/net.h"
#include "ws/handshake.h"

namespace streamit::bench {

namespace {

// Any valid key works; the accept value is still checked so a non-WebSocket 101 is caught.
constexpr std::string_view kClientKey = "dGhlIHNhbXBsZSBub25jZQ==";

}  // namespace

struct ClientPool::Conn {
  std::size_t id = 0;
  Endpoint endpoint;
  int fd = -1;
  State state = State::kIdle;
  std::string in;
  std::string out;
  std::size_t outOffset = 0;
  bool wantWrite = false;
  ServerFrameReader reader;
};

ClientPool::ClientPool(std::size_t maxInFlight, int sourceAddresses)
    : maxInFlight_(maxInFlight == 0 ? 1 : maxInFlight),
      sourceAddresses_(sourceAddresses < 1 ? 1 : sourceAddresses) {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) {
    throw std::runtime_error("epoll_create1 failed");
  }
}

ClientPool::~ClientPool() {
  for (auto& conn : conns_) {
    if (conn->fd >= 0) {
      close(conn->fd);
    }
  }
  close(epoll_);
}

std::size_t ClientPool::add(const Endpoint& endpoint) {
  auto conn = std::make_unique<Conn>();
  conn->id = conns_.size();
  conn->endpoint = endpoint;
  conns_.push_back(std::move(conn));
  return conns_.size() - 1;
}

ClientPool::State ClientPool::state(std::size_t id) const {
  return conns_[id]->state;
}

std::size_t ClientPool::pendingCount() const {
  return conns_.size() - open_ - closed_;
}

void ClientPool::fail(Conn& conn, const std::string& why) {
  if (conn.state == State::kClosed) {
    return;
  }
  if (conn.state == State::kConnecting || conn.state == State::kHandshaking) {
    --inFlight_;
  } else if (conn.state == State::kOpen) {
    --open_;
  }
  conn.state = State::kClosed;
  ++closed_;
  if (failures_.size() < 5) {
    failures_.push_back("conn " + std::to_string(conn.id) + ": " + why);
  }
  if (conn.fd >= 0) {
    epoll_ctl(epoll_, EPOLL_CTL_DEL, conn.fd, nullptr);
    close(conn.fd);
    conn.fd = -1;
  }
  std::string().swap(conn.in);
  std::string().swap(conn.out);
}

void ClientPool::startConnect(Conn& conn) {
  conn.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  conn.state = State::kConnecting;
  ++inFlight_;
  if (conn.fd < 0) {
    fail(conn, std::string("socket: ") + std::strerror(errno));
    return;
  }
  setNoDelay(conn.fd);
  if (sourceAddresses_ > 1) {
    // Loopback has 127/8: spreading sources multiplies the ~28k ephemeral ports per target.
    const int one = 1;
    setsockopt(conn.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr =
        htonl(0x7f000001u +
              static_cast<std::uint32_t>(conn.id % static_cast<std::size_t>(sourceAddresses_)));
    if (bind(conn.fd, reinterpret_cast<sockaddr*>(&source), sizeof source) < 0) {
      fail(conn, std::string("bind source: ") + std::strerror(errno));
      return;
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(conn.endpoint.port);
  inet_pton(AF_INET, conn.endpoint.host.c_str(), &addr.sin_addr);
  if (connect(conn.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 &&
      errno != EINPROGRESS) {
    fail(conn, std::string("connect: ") + std::strerror(errno));
    return;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT;
  ev.data.u64 = conn.id;
  conn.wantWrite = true;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, conn.fd, &ev);
}

void ClientPool::poll(int timeoutMs) {
  while (inFlight_ < maxInFlight_ && nextToStart_ < conns_.size()) {
    startConnect(*conns_[nextToStart_++]);
  }
  epoll_event events[1024];
  const int n = epoll_wait(epoll_, events, 1024, timeoutMs);
  for (int i = 0; i < n; ++i) {
    Conn& conn = *conns_[events[i].data.u64];
    if (conn.state != State::kClosed) {
      onEvent(conn, events[i].events);
    }
  }
}

void ClientPool::onEvent(Conn& conn, std::uint32_t events) {
  if (conn.state == State::kConnecting) {
    int error = 0;
    socklen_t len = sizeof error;
    getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) {
      fail(conn, std::string("connect: ") + std::strerror(error));
      return;
    }
    if ((events & (EPOLLOUT | EPOLLIN)) == 0) {
      fail(conn, "connect: hang-up");
      return;
    }
    conn.state = State::kHandshaking;
    conn.out = "GET " + conn.endpoint.path + " HTTP/1.1\r\nHost: " + conn.endpoint.host + ":" +
               std::to_string(conn.endpoint.port) +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
               std::string(kClientKey) + "\r\nSec-WebSocket-Version: 13\r\n";
    if (!conn.endpoint.authorization.empty()) {
      conn.out += "Authorization: " + conn.endpoint.authorization + "\r\n";
    }
    conn.out += "\r\n";
    conn.outOffset = 0;
  }
  if ((events & EPOLLOUT) != 0 && !flush(conn)) {
    fail(conn, std::string("write: ") + std::strerror(errno));
    return;
  }
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 && !readAll(conn)) {
    return;  // failed inside
  }
  if (conn.state != State::kClosed) {
    updateInterest(conn);
  }
}

bool ClientPool::flush(Conn& conn) {
  while (conn.outOffset < conn.out.size()) {
    const ssize_t sent = send(conn.fd, conn.out.data() + conn.outOffset,
                              conn.out.size() - conn.outOffset, MSG_NOSIGNAL);
    if (sent < 0) {
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    conn.outOffset += static_cast<std::size_t>(sent);
  }
  conn.out.clear();
  conn.outOffset = 0;
  return true;
}

void ClientPool::updateInterest(Conn& conn) {
  const bool want = conn.outOffset < conn.out.size();
  if (want == conn.wantWrite) {
    return;
  }
  conn.wantWrite = want;
  epoll_event ev{};
  ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
  ev.data.u64 = conn.id;
  epoll_ctl(epoll_, EPOLL_CTL_MOD, conn.fd, &ev);
}

bool ClientPool::readAll(Conn& conn) {
  char buffer[65536];
  for (;;) {
    const ssize_t got = recv(conn.fd, buffer, sizeof buffer, 0);
    if (got == 0) {
      fail(conn, "closed by server");
      return false;
    }
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        return true;
      }
      fail(conn, std::string("read: ") + std::strerror(errno));
      return false;
    }
    const std::int64_t at = nowNs();
    std::string_view bytes(buffer, static_cast<std::size_t>(got));
    std::string rest;
    if (conn.state == State::kHandshaking) {
      conn.in.append(bytes);
      const auto end = conn.in.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (conn.in.size() > 16384) {
          fail(conn, "handshake response too large");
          return false;
        }
        continue;
      }
      const std::string_view head(conn.in.data(), end);
      if (head.substr(0, 12) != "HTTP/1.1 101") {
        const auto lineEnd = head.find("\r\n");
        fail(conn, "handshake refused: " + std::string(head.substr(0, lineEnd)));
        return false;
      }
      const std::string expected = ws::computeAcceptKey(kClientKey);
      if (head.find(expected) == std::string_view::npos) {
        fail(conn, "handshake: wrong Sec-WebSocket-Accept");
        return false;
      }
      rest = conn.in.substr(end + 4);
      std::string().swap(conn.in);
      conn.state = State::kOpen;
      --inFlight_;
      ++open_;
      bytes = rest;
    }
    if (bytes.empty()) {
      continue;
    }
    messages_.clear();
    if (!conn.reader.feed(bytes, messages_)) {
      fail(conn, "malformed server frame");
      return false;
    }
    for (const auto& message : messages_) {
      switch (message.opcode) {
        case 0x1:
          if (onText_) {
            onText_(conn.id, message.payload, at);
          }
          break;
        case 0x9:
          ++pings_;
          appendMaskedFrame(conn.out, 0xA, message.payload);
          if (!flush(conn)) {
            fail(conn, "write pong failed");
            return false;
          }
          break;
        case 0x8: {
          std::string reason = "server close";
          if (message.payload.size() >= 2) {
            const unsigned code = (static_cast<unsigned char>(message.payload[0]) << 8) |
                                  static_cast<unsigned char>(message.payload[1]);
            reason.append(" ").append(std::to_string(code)).append(" ");
            reason.append(message.payload, 2);
          }
          fail(conn, reason);
          return false;
        }
        default:
          break;
      }
    }
    if (static_cast<std::size_t>(got) < sizeof buffer) {
      return true;
    }
  }
}

bool ClientPool::sendText(std::size_t id, std::string_view text) {
  Conn& conn = *conns_[id];
  if (conn.state != State::kOpen) {
    return false;
  }
  appendMaskedFrame(conn.out, 0x1, text);
  if (!flush(conn)) {
    fail(conn, "write failed");
    return false;
  }
  updateInterest(conn);
  return true;
}

}  // namespace streamit::bench
