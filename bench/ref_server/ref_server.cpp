#include "ref_server/ref_server.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "common/net.h"
#include "ws/frame_parser.h"
#include "ws/frame_writer.h"
#include "ws/handshake.h"

namespace streamit::bench {

namespace {

constexpr std::size_t kMaxHandshakeBytes = 8192;
constexpr std::size_t kMaxMessageBytes = 65536;
constexpr std::uint64_t kInboxTag = ~0ull;
constexpr std::uint64_t kListenTag = ~0ull - 1;

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The value of header `name` (lower-case) in a raw request head, trimmed.
std::string headerValue(std::string_view head, std::string_view name) {
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line =
        head.substr(start, (end == std::string_view::npos ? head.size() : end) - start);
    const std::size_t colon = line.find(':');
    if (colon == name.size()) {
      bool same = true;
      for (std::size_t i = 0; i < colon && same; ++i) {
        same = lower(line[i]) == name[i];
      }
      if (same) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') {
          value.remove_prefix(1);
        }
        while (!value.empty() && value.back() == ' ') {
          value.remove_suffix(1);
        }
        return std::string(value);
      }
    }
    pos = end;
  }
  return {};
}

struct Conn {
  int fd = -1;
  bool open = false;  // handshake done
  bool host = false;
  bool wantWrite = false;
  std::string room;
  std::size_t roomIndex = 0;
  std::string head;
  ws::FrameParser parser{kMaxMessageBytes};
  std::deque<ws::SharedFrame> out;
  std::size_t outOffset = 0;  // bytes of out.front() already written
  std::size_t queuedBytes = 0;
};

struct Broadcast {
  ws::SharedFrame frame;
  std::string room;
};

}  // namespace

class Worker {
 public:
  Worker(int listenFd, std::size_t maxQueued) : listenFd_(listenFd), maxQueued_(maxQueued) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    inboxFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_ < 0 || inboxFd_ < 0) {
      throw std::runtime_error("epoll/eventfd failed");
    }
    addFd(listenFd_, EPOLLIN, kListenTag);
    addFd(inboxFd_, EPOLLIN, kInboxTag);
  }

  void setPeers(std::vector<Worker*> peers) { peers_ = std::move(peers); }

  // Called from other workers: queue a frame for this worker's members of `room`.
  void post(Broadcast broadcast) {
    {
      std::lock_guard lock(inboxMutex_);
      inbox_.push_back(std::move(broadcast));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = write(inboxFd_, &one, sizeof one);
  }

  void run() {
    std::vector<epoll_event> events(1024);
    std::vector<ws::FrameEvent> frames;
    char buffer[65536];
    for (;;) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), -1);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        throw std::runtime_error("epoll_wait failed");
      }
      for (int i = 0; i < n; ++i) {
        const std::uint64_t tag = events[i].data.u64;
        if (tag == kListenTag) {
          acceptAll();
        } else if (tag == kInboxTag) {
          drainInbox();
        } else {
          const int fd = static_cast<int>(tag);
          auto it = conns_.find(fd);
          if (it == conns_.end()) {
            continue;
          }
          Conn& conn = *it->second;
          if ((events[i].events & EPOLLOUT) != 0 && !flush(conn)) {
            drop(conn);
            continue;
          }
          if ((events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 &&
              !readable(conn, buffer, sizeof buffer, frames)) {
            drop(conn);
          }
        }
      }
    }
  }

 private:
  void addFd(int fd, std::uint32_t events, std::uint64_t tag) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = tag;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) < 0) {
      throw std::runtime_error(std::string("epoll_ctl ADD: ") + std::strerror(errno));
    }
  }

  void acceptAll() {
    for (;;) {
      const int fd = accept4(listenFd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        return;  // EAGAIN, or EMFILE: the backlog keeps the rest
      }
      setNoDelay(fd);
      auto conn = std::make_unique<Conn>();
      conn->fd = fd;
      addFd(fd, EPOLLIN, static_cast<std::uint64_t>(fd));
      conns_.emplace(fd, std::move(conn));
    }
  }

  void drainInbox() {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = read(inboxFd_, &count, sizeof count);
    std::vector<Broadcast> batch;
    {
      std::lock_guard lock(inboxMutex_);
      batch.swap(inbox_);
    }
    for (auto& item : batch) {
      deliverLocal(item.frame, item.room, nullptr);
    }
  }

  bool readable(Conn& conn, char* buffer, std::size_t size, std::vector<ws::FrameEvent>& frames) {
    for (;;) {
      const ssize_t got = recv(conn.fd, buffer, size, 0);
      if (got == 0) {
        return false;
      }
      if (got < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
      }
      std::string_view bytes(buffer, static_cast<std::size_t>(got));
      if (!conn.open) {
        conn.head.append(bytes);
        const auto end = conn.head.find("\r\n\r\n");
        if (end == std::string::npos) {
          if (conn.head.size() > kMaxHandshakeBytes) {
            return false;
          }
          continue;
        }
        if (!handshake(conn, end)) {
          return false;
        }
        const std::string rest = conn.head.substr(end + 4);
        conn.head.clear();
        conn.head.shrink_to_fit();
        if (rest.empty()) {
          continue;
        }
        frames.clear();
        conn.parser.feed(rest, frames);
      } else {
        frames.clear();
        conn.parser.feed(bytes, frames);
      }
      if (!handleFrames(conn, frames)) {
        return false;
      }
      if (static_cast<std::size_t>(got) < size) {
        return true;
      }
    }
  }

  bool handshake(Conn& conn, std::size_t headEnd) {
    const std::string_view head(conn.head.data(), headEnd + 2);
    const auto firstSpace = head.find(' ');
    const auto secondSpace = head.find(' ', firstSpace + 1);
    if (firstSpace == std::string_view::npos || secondSpace == std::string_view::npos) {
      return false;
    }
    const std::string_view target = head.substr(firstSpace + 1, secondSpace - firstSpace - 1);
    const std::string key = headerValue(head, "sec-websocket-key");
    if (key.empty()) {
      // Not an upgrade: answer as an empty MP4 so the kernel's provider.direct can resolve
      // http://<this server>/bench.mp4 as the benchmark room's source (HEAD or ranged GET).
      static constexpr std::string_view kMediaStub =
          "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 0\r\n"
          "Connection: close\r\n\r\n";
      [[maybe_unused]] const auto sent =
          send(conn.fd, kMediaStub.data(), kMediaStub.size(), MSG_NOSIGNAL);
      return false;
    }
    if (!ws::isValidWebSocketKey(key)) {
      return false;
    }
    conn.room = queryParam(target, "room");
    conn.host = queryParam(target, "role") == "host";
    conn.open = true;
    auto& members = rooms_[conn.room];
    conn.roomIndex = members.size();
    members.push_back(&conn);
    enqueue(conn, std::make_shared<const std::string>(ws::buildSwitchingProtocolsResponse(key)));
    return true;
  }

  bool handleFrames(Conn& conn, std::vector<ws::FrameEvent>& frames) {
    for (auto& frame : frames) {
      switch (frame.type) {
        case ws::FrameEvent::Type::kText:
          if (conn.host) {
            // Peers first, so every thread's fan-out runs in parallel with this one's.
            auto shared = ws::encodeShared(ws::Opcode::kText, frame.payload);
            for (Worker* peer : peers_) {
              peer->post({shared, conn.room});
            }
            deliverLocal(shared, conn.room, &conn);
          }
          break;
        case ws::FrameEvent::Type::kPing:
          enqueue(conn, std::make_shared<const std::string>(ws::encodePong(frame.payload)));
          break;
        case ws::FrameEvent::Type::kClose:
          enqueue(conn, std::make_shared<const std::string>(ws::encodeClose()));
          return false;
        case ws::FrameEvent::Type::kError:
          return false;
        default:
          break;
      }
    }
    return true;
  }

  void deliverLocal(const ws::SharedFrame& frame, const std::string& room, Conn* except) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) {
      return;
    }
    std::vector<Conn*> slow;
    for (Conn* member : it->second) {
      if (member != except && !enqueue(*member, frame)) {
        slow.push_back(member);
      }
    }
    for (Conn* member : slow) {
      drop(*member);
    }
  }

  // Writes at once when nothing is queued (the common case), else queues. False: write error
  // or over the queue cap; the caller drops the connection.
  bool enqueue(Conn& conn, const ws::SharedFrame& frame) {
    if (conn.out.empty()) {
      const ssize_t sent = send(conn.fd, frame->data(), frame->size(), MSG_NOSIGNAL);
      if (sent == static_cast<ssize_t>(frame->size())) {
        return true;
      }
      if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        return false;
      }
      conn.out.push_back(frame);
      conn.outOffset = sent > 0 ? static_cast<std::size_t>(sent) : 0;
      conn.queuedBytes = frame->size() - conn.outOffset;
      armWrite(conn, true);
      return true;
    }
    conn.out.push_back(frame);
    conn.queuedBytes += frame->size();
    return conn.queuedBytes <= maxQueued_;
  }

  bool flush(Conn& conn) {
    while (!conn.out.empty()) {
      const auto& front = *conn.out.front();
      const ssize_t sent =
          send(conn.fd, front.data() + conn.outOffset, front.size() - conn.outOffset, MSG_NOSIGNAL);
      if (sent < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK;
      }
      conn.outOffset += static_cast<std::size_t>(sent);
      conn.queuedBytes -= static_cast<std::size_t>(sent);
      if (conn.outOffset < front.size()) {
        return true;
      }
      conn.out.pop_front();
      conn.outOffset = 0;
    }
    armWrite(conn, false);
    return true;
  }

  void armWrite(Conn& conn, bool on) {
    if (conn.wantWrite == on) {
      return;
    }
    conn.wantWrite = on;
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.u64 = static_cast<std::uint64_t>(conn.fd);
    epoll_ctl(epoll_, EPOLL_CTL_MOD, conn.fd, &ev);
  }

  void drop(Conn& conn) {
    if (conn.open) {
      auto& members = rooms_[conn.room];
      Conn* last = members.back();
      members[conn.roomIndex] = last;
      last->roomIndex = conn.roomIndex;
      members.pop_back();
      if (members.empty()) {
        rooms_.erase(conn.room);
      }
    }
    epoll_ctl(epoll_, EPOLL_CTL_DEL, conn.fd, nullptr);
    close(conn.fd);
    conns_.erase(conn.fd);  // destroys conn
  }

  int listenFd_;
  std::size_t maxQueued_;
  int epoll_ = -1;
  int inboxFd_ = -1;
  std::vector<Worker*> peers_;
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::unordered_map<std::string, std::vector<Conn*>> rooms_;
  std::mutex inboxMutex_;
  std::vector<Broadcast> inbox_;
};

RefServer::RefServer(RefServerOptions options) : options_(std::move(options)) {
  const int threads = options_.threads < 1 ? 1 : options_.threads;
  const int first = listenTcp(options_.host, options_.port, threads > 1);
  port_ = boundPort(first);
  for (int i = 0; i < threads; ++i) {
    const int fd = i == 0 ? first : listenTcp(options_.host, port_, true);
    workers_.push_back(std::make_unique<Worker>(fd, options_.maxQueuedBytes));
  }
  for (auto& worker : workers_) {
    std::vector<Worker*> peers;
    for (auto& other : workers_) {
      if (other != worker) {
        peers.push_back(other.get());
      }
    }
    worker->setPeers(std::move(peers));
  }
}

RefServer::~RefServer() = default;

void RefServer::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < workers_.size(); ++i) {
    threads.emplace_back([worker = workers_[i].get()] { worker->run(); });
  }
  workers_[0]->run();
}

}  // namespace streamit::bench
