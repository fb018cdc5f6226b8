#include "gateway/gateway.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "log/logger.h"
#include "ws/close_codes.h"
#include "ws/frame_parser.h"

namespace streamit::gateway {
namespace {

constexpr std::size_t kScratchBytes = std::size_t{64} * 1024;
constexpr int kMaxEvents = 256;
// Reads per readiness event before yielding to other connections (level-triggered: the rest
// is read on the next epoll_wait).
constexpr int kReadsPerEvent = 4;
// The loop index lives in the low bits of a ConnectionId, so any thread finds the owner.
constexpr unsigned kLoopBits = 8;
constexpr std::uint64_t kLoopMask = (1u << kLoopBits) - 1;

std::atomic<std::uint64_t> gNextSequence{1};  // process-wide: ids are never reused

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t nowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Round trips longer than this (or than 2 heartbeat intervals) are not believed.
constexpr std::int64_t kMaxProbeMs = 10000;

// Our pings carry their send time (8 bytes, big-endian steady-clock µs); the pong echoes it.
constexpr std::size_t kStampBytes = 8;

ws::SharedFrame stampedPing(std::int64_t sentUs) {
  std::string payload(kStampBytes, '\0');
  auto value = static_cast<std::uint64_t>(sentUs);
  for (std::size_t i = kStampBytes; i-- > 0; value >>= 8U)
    payload[i] = static_cast<char>(value & 0xFFU);
  return std::make_shared<const std::string>(ws::encodePing(payload));
}

std::optional<std::int64_t> pingStamp(std::string_view payload) {
  if (payload.size() != kStampBytes)
    return std::nullopt;  // not one of ours (clients may send unsolicited pongs)
  std::uint64_t value = 0;
  for (const char byte : payload)
    value = (value << 8U) | static_cast<unsigned char>(byte);
  return static_cast<std::int64_t>(value);
}

void raiseFileLimitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
      limit.rlim_cur = limit.rlim_max;
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        log::Logger("gateway").warn("could not raise RLIMIT_NOFILE",
                                    {{"errno", std::to_string(errno)}});
      }
    }
  });
}

ws::SharedFrame closeFrame(std::uint16_t code, std::string_view reason) {
  if (code == ws::kCloseNoStatus)
    return std::make_shared<const std::string>(ws::encodeClose());
  if (!ws::isValidCloseCodeOnWire(code))
    code = ws::kCloseServerError;
  return std::make_shared<const std::string>(ws::encodeClose(code, reason));
}

struct Pending {
  ws::SharedFrame frame;
  std::size_t offset;
};

enum class State : std::uint8_t { kOpen, kClosing };

// Per-connection state; kept small (docs/gateway.md): buffers are allocated only while used.
struct Conn {
  Conn(ConnectionId i, int f, std::unique_ptr<Session> s, std::size_t maxMessage)
      : id(i), session(std::move(s)), parser(maxMessage), fd(f) {}
  ConnectionId id;
  std::unique_ptr<Session> session;
  ws::FrameParser parser;
  std::unique_ptr<std::deque<Pending>> queue;        // only while something is queued
  std::unique_ptr<std::vector<std::string>> groups;  // only while in a group
  std::size_t queuedBytes = 0;
  std::int64_t lastSeenMs = 0;
  std::int64_t deadlineMs = 0;  // kClosing: drop at this time
  int fd;
  State state = State::kOpen;
  bool writeArmed = false;
  bool closeQueued = false;  // our close frame is in the queue (or sent)
  bool shutDown = false;     // shutdown(SHUT_WR) done after our close frame left
  bool peerDone = false;     // the peer sent its close frame or EOF
};

}  // namespace

namespace {
// The loop whose thread this is (nullptr on other threads); see Loop::post.
thread_local const Gateway::Loop* tCurrentLoop = nullptr;
}  // namespace

class Gateway::Loop {
 public:
  Loop(Gateway& owner, unsigned index) : owner_(owner), index_(index) {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    evfd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd_ < 0 || evfd_ < 0)
      throw std::runtime_error("gateway: epoll/eventfd creation failed");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, evfd_, &ev);
    auto& m = owner.metrics_;
    open_ = &m.gauge("streamit_gateway_connections_open", "WebSocket connections currently open");
    opened_ =
        &m.counter("streamit_gateway_connections_opened_total", "WebSocket connections adopted");
    closed_ =
        &m.counter("streamit_gateway_connections_closed_total", "WebSocket connections closed");
    framesIn_ =
        &m.counter("streamit_gateway_frames_in_total", "WebSocket frames/messages received");
    framesOut_ = &m.counter("streamit_gateway_frames_out_total", "WebSocket frames fully written");
    slow_ = &m.counter("streamit_gateway_slow_consumer_closes_total",
                       "Connections closed with 1013 because their outbound queue was full");
    queued_ = &m.gauge("streamit_gateway_outbound_queued_bytes",
                       "Bytes waiting in WebSocket outbound queues");
  }
  ~Loop() {
    join();
    for (auto& [id, conn] : conns_)
      ::close(conn->fd);
    ::close(epfd_);
    ::close(evfd_);
  }

  void start() {
    thread_ = std::thread([this] { run(); });
  }
  void join() {
    if (thread_.joinable())
      thread_.join();
  }

  // Any thread. false when stopping (the task is not queued). From the loop's own thread
  // (a handler reacting to a message) the task skips the lock and the eventfd wake-up and runs
  // as soon as the current event is handled — after everything other threads posted before.
  bool post(std::function<void()> task) {
    if (tCurrentLoop == this) {
      local_.push_back(std::move(task));
      return true;
    }
    {
      std::lock_guard lock(mutex_);
      if (stopping_)
        return false;
      tasks_.push_back(std::move(task));
    }
    wake();
    return true;
  }
  bool isLive(ConnectionId id) {
    std::lock_guard lock(mutex_);
    return live_.count(id) != 0;
  }
  void requestStop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake();
  }
  std::size_t load() const { return load_.load(std::memory_order_relaxed); }

  // Any thread: reserves the id as live and posts the open. false when stopping.
  bool adopt(ConnectionId id, int fd, std::unique_ptr<Session> session) {
    // std::function must be copyable: the task carries the raw pointer. Tasks queued before
    // stop() always run, so it is always re-owned.
    Session* raw = session.release();
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        delete raw;
        return false;
      }
      live_.insert(id);
      load_.fetch_add(1, std::memory_order_relaxed);
      tasks_.push_back([this, id, fd, raw] { open(id, fd, std::unique_ptr<Session>(raw)); });
    }
    wake();
    return true;
  }

  // Loop-thread operations (run from tasks).
  void sendTo(ConnectionId id, const ws::SharedFrame& frame) {
    if (auto* c = find(id); c && c->state == State::kOpen)
      enqueue(*c, frame, true);
  }
  void closeConn(ConnectionId id, std::uint16_t code, const std::string& reason) {
    if (auto* c = find(id))
      beginClose(*c, code, reason, false);
  }
  void join(ConnectionId id, const std::string& group) {
    auto* c = find(id);
    if (c == nullptr || c->state != State::kOpen)
      return;
    if (!c->groups)
      c->groups = std::make_unique<std::vector<std::string>>();
    if (std::find(c->groups->begin(), c->groups->end(), group) != c->groups->end())
      return;
    c->groups->push_back(group);
    groups_[group].insert(c);
  }
  void leave(ConnectionId id, const std::string& group) {
    if (auto* c = find(id))
      leaveGroup(*c, group);
  }
  void broadcast(const std::string& group, const ws::SharedFrame& frame) {
    const auto it = groups_.find(group);
    if (it == groups_.end())
      return;
    // enqueue may close a slow consumer, which leaves its groups: iterate over a copy.
    scratchMembers_.assign(it->second.begin(), it->second.end());
    for (Conn* c : scratchMembers_) {
      if (c->state == State::kOpen)
        enqueue(*c, frame, true);
    }
    scratchMembers_.clear();
  }
  void closeGroup(const std::string& group, std::uint16_t code, const std::string& reason) {
    const auto it = groups_.find(group);
    if (it == groups_.end())
      return;
    scratchMembers_.assign(it->second.begin(), it->second.end());
    for (Conn* c : scratchMembers_)
      beginClose(*c, code, reason, false);
    scratchMembers_.clear();
  }

 private:
  static Session& session(Conn& c) { return *c.session; }

  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(evfd_, &one, sizeof one);
  }

  Conn* find(ConnectionId id) {
    const auto it = conns_.find(id);
    return it == conns_.end() ? nullptr : it->second.get();
  }

  void open(ConnectionId id, int fd, std::unique_ptr<Session> s) {
    auto conn = std::make_unique<Conn>(id, fd, std::move(s), owner_.config_.max_message_bytes);
    conn->lastSeenMs = nowMs();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = conn.get();
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      forget(id);
      return;
    }
    Conn& c = *conn;
    conns_.emplace(id, std::move(conn));
    owner_.connections_.fetch_add(1, std::memory_order_relaxed);
    open_->add(1);
    opened_->inc();
    if (owner_.config_.probe_rtt_on_open)
      enqueue(c, stampedPing(nowUs()), false);
    owner_.handler_.onOpen(id, session(c));
  }

  void forget(ConnectionId id) {
    std::lock_guard lock(mutex_);
    if (live_.erase(id) != 0) {
    }
    load_.fetch_sub(1, std::memory_order_relaxed);
  }
  void markNotLive(ConnectionId id) {
    std::lock_guard lock(mutex_);
    live_.erase(id);
  }

  // ---- writing
  // Returns false when the socket failed (the connection has been destroyed).
  bool writeOut(Conn& c) {
    while (c.queue && !c.queue->empty()) {
      auto& front = c.queue->front();
      const std::string& bytes = *front.frame;
      const ssize_t n = ::send(c.fd, bytes.data() + front.offset, bytes.size() - front.offset,
                               MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          break;
        if (errno == EINTR)
          continue;
        fail(c);
        return false;
      }
      const auto written = static_cast<std::size_t>(n);
      front.offset += written;
      c.queuedBytes -= written;
      queued_->add(-static_cast<std::int64_t>(written));
      if (front.offset == bytes.size()) {
        c.queue->pop_front();
        framesOut_->inc();
      }
    }
    return afterWrite(c);
  }

  bool afterWrite(Conn& c) {
    const bool empty = !c.queue || c.queue->empty();
    if (empty) {
      c.queue.reset();  // give the deque's blocks back while idle
      setWriteArmed(c, false);
      if (c.closeQueued && !c.shutDown) {
        c.shutDown = true;
        ::shutdown(c.fd, SHUT_WR);
      }
      if (c.state == State::kClosing && c.peerDone) {
        destroy(c);
        return false;
      }
    } else {
      setWriteArmed(c, true);
    }
    return true;
  }

  void setWriteArmed(Conn& c, bool armed) {
    if (c.writeArmed == armed)
      return;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (armed ? EPOLLOUT : 0u);
    ev.data.ptr = &c;
    ::epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
    c.writeArmed = armed;
  }

  // `capped`: data frames obey max_outbound_bytes; control replies and our close do not.
  void enqueue(Conn& c, const ws::SharedFrame& frame, bool capped) {
    const std::size_t size = frame->size();
    if (capped && c.queuedBytes + size > owner_.config_.max_outbound_bytes) {
      slow_->inc();
      beginClose(c, ws::kCloseTryAgainLater, "slow consumer", true);
      return;
    }
    std::size_t offset = 0;
    if (!c.queue) {
      // Nothing waiting (the common case): write now, and only queue what the socket refused.
      const ssize_t n = ::send(c.fd, frame->data(), size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n == static_cast<ssize_t>(size)) {
        framesOut_->inc();
        afterWrite(c);
        return;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        fail(c);
        return;
      }
      offset = n > 0 ? static_cast<std::size_t>(n) : 0;
      c.queue = std::make_unique<std::deque<Pending>>();
    }
    c.queue->push_back({frame, offset});
    c.queuedBytes += size - offset;
    queued_->add(static_cast<std::int64_t>(size - offset));
    if (c.queue->size() == 1)
      writeOut(c);  // the rest waits for EPOLLOUT
  }

  // ---- closing
  void beginClose(Conn& c, std::uint16_t code, std::string_view reason, bool dropQueue) {
    if (c.state != State::kOpen)
      return;
    // 1005 is answered with an empty close; any other code that may not go on the wire (an
    // app bug) becomes 1011, and onClosed reports what the peer actually receives.
    if (code != ws::kCloseNoStatus && !ws::isValidCloseCodeOnWire(code))
      code = ws::kCloseServerError;
    c.state = State::kClosing;
    markNotLive(c.id);
    c.deadlineMs = nowMs() + owner_.config_.close_timeout_ms;
    closing_.push_back(c.id);
    if (dropQueue && c.queue && !c.queue->empty()) {
      // Keep only a frame already partly on the wire: cutting it would corrupt the stream.
      std::size_t keep = c.queue->front().offset > 0 ? 1 : 0;
      while (c.queue->size() > keep) {
        const auto& back = c.queue->back();
        const std::size_t remaining = back.frame->size() - back.offset;
        c.queuedBytes -= remaining;
        queued_->add(-static_cast<std::int64_t>(remaining));
        c.queue->pop_back();
      }
    }
    owner_.handler_.onClosed(c.id, session(c), code, reason);
    c.closeQueued = true;
    if (c.queue && !c.queue->empty()) {
      c.queue->push_back({closeFrame(code, reason), 0});
      c.queuedBytes += c.queue->back().frame->size();
      queued_->add(static_cast<std::int64_t>(c.queue->back().frame->size()));
      writeOut(c);
    } else {
      enqueue(c, closeFrame(code, reason), false);
    }
  }

  // The socket failed or the peer vanished: no handshake possible.
  void fail(Conn& c) {
    if (c.state == State::kOpen) {
      c.state = State::kClosing;
      markNotLive(c.id);
      owner_.handler_.onClosed(c.id, session(c), ws::kCloseAbnormal, "connection lost");
    }
    destroy(c);
  }

  void leaveGroup(Conn& c, const std::string& group) {
    if (!c.groups)
      return;
    const auto it = std::find(c.groups->begin(), c.groups->end(), group);
    if (it == c.groups->end())
      return;
    c.groups->erase(it);
    if (c.groups->empty())
      c.groups.reset();
    const auto g = groups_.find(group);
    if (g != groups_.end()) {
      g->second.erase(&c);
      if (g->second.empty())
        groups_.erase(g);
    }
  }

  void destroy(Conn& c) {
    if (c.fd < 0)
      return;
    ::epoll_ctl(epfd_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
    while (c.groups) {
      const std::string group = c.groups->front();  // leaveGroup erases the element
      leaveGroup(c, group);
    }
    queued_->add(-static_cast<std::int64_t>(c.queuedBytes));
    c.queuedBytes = 0;
    c.queue.reset();
    forget(c.id);
    owner_.connections_.fetch_sub(1, std::memory_order_relaxed);
    open_->add(-1);
    closed_->inc();
    const auto it = conns_.find(c.id);
    // Freed after the current batch of epoll events, which may still point at it.
    graveyard_.push_back(std::move(it->second));
    conns_.erase(it);
  }

  // ---- reading
  void onReadable(Conn& c) {
    for (int i = 0; i < kReadsPerEvent && c.fd >= 0; ++i) {
      const ssize_t n = ::recv(c.fd, scratch_.data(), scratch_.size(), MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          return;
        if (errno == EINTR)
          continue;
        fail(c);
        return;
      }
      if (n == 0) {  // EOF
        if (c.state == State::kOpen) {
          fail(c);
        } else {
          c.peerDone = true;
          if (!c.queue || c.queue->empty())
            destroy(c);
          else
            // Our queue can no longer be useful beyond the deadline; stop reading.
            setReadDone(c);
        }
        return;
      }
      c.lastSeenMs = nowMs();
      if (c.parser.state() != ws::FrameParser::State::kOpen)
        continue;  // closing: discard until EOF so close() does not reset the peer
      events_.clear();
      c.parser.feed(std::string_view(scratch_.data(), static_cast<std::size_t>(n)), events_);
      for (auto& event : events_) {
        if (c.fd < 0)
          return;
        handle(c, event);
      }
      events_.clear();
      if (c.fd < 0)
        return;
    }
  }

  void setReadDone(Conn& c) {
    epoll_event ev{};
    ev.events = c.writeArmed ? EPOLLOUT : 0u;
    ev.data.ptr = &c;
    ::epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void handle(Conn& c, ws::FrameEvent& event) {
    using Type = ws::FrameEvent::Type;
    framesIn_->inc();
    switch (event.type) {
      case Type::kText:
        if (c.state == State::kOpen)
          owner_.handler_.onText(c.id, session(c), event.payload);
        break;
      case Type::kBinary:
        beginClose(c, ws::kCloseUnsupportedData, "binary messages are not supported", true);
        break;
      case Type::kPing:
        if (c.state == State::kOpen)
          enqueue(c, std::make_shared<const std::string>(ws::encodePong(event.payload)), false);
        break;
      case Type::kPong:
        onPong(c, event.payload);
        break;
      case Type::kClose:
        c.peerDone = true;
        if (c.state == State::kOpen) {
          beginClose(c, event.code, event.payload, false);  // echoes the code
        } else if (!c.queue || c.queue->empty()) {
          destroy(c);
        }
        break;
      case Type::kError:
        beginClose(c, event.code, event.detail, true);
        break;
    }
  }

  void onPong(Conn& c, std::string_view payload) {
    const auto sentUs = pingStamp(payload);
    if (!sentUs || c.state != State::kOpen)
      return;
    // A pong is only as trustworthy as its peer: a stamp from the future or older than any
    // ping still in flight is dropped, so a client can only claim what it could also cause by
    // answering late.
    const std::int64_t rttUs = nowUs() - *sentUs;
    const auto interval = owner_.config_.heartbeat_interval_ms;
    const std::int64_t maxUs = 2 * std::max<std::int64_t>(interval, kMaxProbeMs) * 1000;
    if (rttUs < 0 || rttUs > maxUs)
      return;
    owner_.handler_.onRoundTrip(c.id, session(c), rttUs);
  }

  // ---- timers
  void onTimers(std::int64_t now) {
    const auto interval = owner_.config_.heartbeat_interval_ms;
    if (interval > 0 && now >= nextTickMs_) {
      // Ticks every half interval, pings every interval; silence of 1.5 intervals closes. A live
      // peer is never silent much longer than one interval (it answers every ping), and a dead
      // one is closed at most 2 intervals after its last byte (TEST-PLAN T10).
      nextTickMs_ = now + std::max<std::int64_t>(interval / 2, 1);
      const bool pingDue = now >= nextPingMs_;
      if (pingDue)
        nextPingMs_ = now + interval;
      const ws::SharedFrame ping = pingDue ? stampedPing(nowUs()) : nullptr;
      const std::int64_t silentLimit = interval + interval / 2;
      scratchIds_.clear();
      for (auto& [id, conn] : conns_)
        scratchIds_.push_back(id);
      for (const auto id : scratchIds_) {
        Conn* c = find(id);
        if (c == nullptr || c->state != State::kOpen)
          continue;
        if (now - c->lastSeenMs >= silentLimit)
          beginClose(*c, ws::kCloseServerError, "heartbeat timeout", true);
        else if (ping)
          enqueue(*c, ping, false);
      }
    }
    // Close handshakes that ran out of time.
    std::size_t keep = 0;
    for (std::size_t i = 0; i < closing_.size(); ++i) {
      Conn* c = find(closing_[i]);
      if (c == nullptr)
        continue;
      if (now >= c->deadlineMs)
        destroy(*c);
      else
        closing_[keep++] = closing_[i];
    }
    closing_.resize(keep);
  }

  int timeoutMs(std::int64_t now) const {
    std::int64_t next = now + 60000;
    if (owner_.config_.heartbeat_interval_ms > 0)
      next = std::min(next, nextTickMs_);
    for (const auto id : closing_) {
      const auto it = conns_.find(id);
      if (it != conns_.end())
        next = std::min(next, it->second->deadlineMs);
    }
    return static_cast<int>(std::clamp<std::int64_t>(next - now, 0, 60000));
  }

  void runTasks() {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = ::read(evfd_, &count, sizeof count);
    {
      std::lock_guard lock(mutex_);
      running_.swap(tasks_);
    }
    for (auto& task : running_)
      task();
    running_.clear();
  }

  // Loop thread, between events: tasks posted from this thread, after the other threads' (a
  // state another thread posted earlier must not arrive after one posted here).
  void runLocalTasks() {
    while (!local_.empty()) {
      runTasks();
      runningLocal_.swap(local_);
      for (auto& task : runningLocal_)
        task();
      runningLocal_.clear();
    }
  }

  void run() {
    tCurrentLoop = this;
    scratch_.resize(kScratchBytes);
    nextTickMs_ = nowMs() + owner_.config_.heartbeat_interval_ms / 2;
    nextPingMs_ = nowMs() + owner_.config_.heartbeat_interval_ms;
    std::vector<epoll_event> ready(kMaxEvents);
    bool stopSeen = false;
    std::int64_t stopDeadline = 0;
    while (true) {
      const int n = ::epoll_wait(epfd_, ready.data(), kMaxEvents, timeoutMs(nowMs()));
      for (int i = 0; i < n; ++i) {
        auto* c = static_cast<Conn*>(ready[i].data.ptr);
        if (c == nullptr) {
          runTasks();
          continue;
        }
        if (c->fd < 0)
          continue;  // destroyed earlier in this batch
        const auto ev = ready[i].events;
        if ((ev & EPOLLOUT) != 0 && !writeOut(*c))
          continue;
        if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0)
          onReadable(*c);
        runLocalTasks();
      }
      graveyard_.clear();
      onTimers(nowMs());
      runLocalTasks();
      graveyard_.clear();

      bool stopping;
      {
        std::lock_guard lock(mutex_);
        stopping = stopping_;
      }
      if (stopping && !stopSeen) {
        stopSeen = true;
        runTasks();  // anything posted before stop() still runs (adopts included)
        stopDeadline = nowMs() + owner_.config_.close_timeout_ms;
        scratchIds_.clear();
        for (auto& [id, conn] : conns_)
          scratchIds_.push_back(id);
        for (const auto id : scratchIds_) {
          if (Conn* c = find(id))
            beginClose(*c, ws::kCloseGoingAway, "server shutting down", false);
        }
        graveyard_.clear();
      }
      if (stopSeen && (conns_.empty() || nowMs() >= stopDeadline)) {
        while (!conns_.empty())
          destroy(*conns_.begin()->second);
        graveyard_.clear();
        return;
      }
    }
  }

  Gateway& owner_;
  [[maybe_unused]] unsigned index_;
  int epfd_ = -1;
  int evfd_ = -1;
  std::thread thread_;

  std::mutex mutex_;  // guards tasks_, live_, stopping_
  std::vector<std::function<void()>> tasks_;
  std::unordered_set<ConnectionId> live_;
  bool stopping_ = false;
  std::atomic<std::size_t> load_{0};

  // Loop thread only.
  std::vector<std::function<void()>> running_;
  std::vector<std::function<void()>> local_;  // posted from this thread; see runLocalTasks
  std::vector<std::function<void()>> runningLocal_;
  std::unordered_map<ConnectionId, std::unique_ptr<Conn>> conns_;
  std::unordered_map<std::string, std::unordered_set<Conn*>> groups_;
  std::vector<ConnectionId> closing_;
  std::vector<std::unique_ptr<Conn>> graveyard_;
  std::vector<Conn*> scratchMembers_;
  std::vector<ConnectionId> scratchIds_;
  std::vector<char> scratch_;
  std::vector<ws::FrameEvent> events_;
  std::int64_t nextTickMs_ = 0;
  std::int64_t nextPingMs_ = 0;

  metrics::Gauge* open_;
  metrics::Counter* opened_;
  metrics::Counter* closed_;
  metrics::Counter* framesIn_;
  metrics::Counter* framesOut_;
  metrics::Counter* slow_;
  metrics::Gauge* queued_;
};

Gateway::Gateway(GatewayConfig config, ConnectionHandler& handler, metrics::Registry& metrics)
    : config_(config), handler_(handler), metrics_(metrics) {
  if (config_.io_threads <= 0)
    config_.io_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  config_.io_threads = std::min<int>(config_.io_threads, static_cast<int>(kLoopMask + 1));
}

Gateway::~Gateway() {
  stop();
}

void Gateway::start() {
  if (!loops_.empty())
    return;  // started (or stopped) already: a Gateway runs once
  // One process may hold ~19,000 sockets; the soft limit is often 1024. Raised once, to the
  // hard limit (raising the hard limit needs privileges: that is the deployment's job).
  raiseFileLimitOnce();
  for (int i = 0; i < config_.io_threads; ++i)
    loops_.push_back(std::make_unique<Loop>(*this, static_cast<unsigned>(i)));
  for (auto& loop : loops_)
    loop->start();
  // Last: other threads only look at loops_ once this is true (start() happens before the
  // HTTP server hands over sockets).
  running_ = true;
}

void Gateway::stop() {
  if (!running_.exchange(false))
    return;
  for (auto& loop : loops_)
    loop->requestStop();
  for (auto& loop : loops_)
    loop->join();
  // loops_ stays: other threads may still call send()/close(), which now find no live id.
}

Gateway::Loop* Gateway::loopFor(ConnectionId id) const {
  const auto index = static_cast<std::size_t>(id & kLoopMask);
  if (id == 0 || !running_.load() || index >= loops_.size())
    return nullptr;
  return loops_[index].get();
}

ConnectionId Gateway::adopt(int fd, std::unique_ptr<Session> session) {
  if (fd < 0)
    return 0;
  if (!running_.load() || loops_.empty()) {
    ::close(fd);
    return 0;
  }
  const int flags = ::fcntl(fd, F_GETFL, 0);
  const int one = 1;
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    ::close(fd);
    return 0;
  }
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!session)
    session = std::make_unique<Session>();
  // Least-loaded loop.
  std::size_t best = 0;
  for (std::size_t i = 1; i < loops_.size(); ++i) {
    if (loops_[i]->load() < loops_[best]->load())
      best = i;
  }
  const ConnectionId id = (gNextSequence.fetch_add(1) << kLoopBits) | best;
  if (!loops_[best]->adopt(id, fd, std::move(session))) {
    ::close(fd);
    return 0;
  }
  return id;
}

bool Gateway::send(ConnectionId id, ws::SharedFrame frame) {
  Loop* loop = loopFor(id);
  if (loop == nullptr || !frame || !loop->isLive(id))
    return false;
  return loop->post([loop, id, frame = std::move(frame)] { loop->sendTo(id, frame); });
}

void Gateway::close(ConnectionId id, std::uint16_t code, std::string reason) {
  if (Loop* loop = loopFor(id))
    loop->post([loop, id, code, reason = std::move(reason)] { loop->closeConn(id, code, reason); });
}

void Gateway::join(ConnectionId id, std::string group) {
  if (Loop* loop = loopFor(id))
    loop->post([loop, id, group = std::move(group)] { loop->join(id, group); });
}

void Gateway::leave(ConnectionId id, const std::string& group) {
  if (Loop* loop = loopFor(id))
    loop->post([loop, id, group] { loop->leave(id, group); });
}

void Gateway::broadcast(const std::string& group, const ws::SharedFrame& frame) {
  if (!frame || !running_.load())
    return;
  for (auto& owned : loops_) {
    Loop* loop = owned.get();
    loop->post([loop, group, frame] { loop->broadcast(group, frame); });
  }
}

void Gateway::closeGroup(const std::string& group, std::uint16_t code, const std::string& reason) {
  if (!running_.load())
    return;
  for (auto& owned : loops_) {
    Loop* loop = owned.get();
    loop->post([loop, group, code, reason] { loop->closeGroup(group, code, reason); });
  }
}

std::size_t Gateway::connectionCount() const {
  return connections_.load(std::memory_order_relaxed);
}

std::size_t Gateway::connectionStateSize() {
  return sizeof(Conn);
}

}  // namespace streamit::gateway
