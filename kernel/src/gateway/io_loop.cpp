#include "gateway/io_loop.h"

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
#include <stdexcept>

#include "gateway/clock.h"
#include "gateway/ping_stamp.h"
#include "log/logger.h"
#include "ws/close_codes.h"

namespace streamit::gateway {
namespace {

constexpr std::size_t kScratchBytes = std::size_t{64} * 1024;
constexpr int kMaxEvents = 256;
// Reads per readiness event before yielding to other connections (level-triggered: the rest
// is read on the next epoll_wait).
constexpr int kReadsPerEvent = 4;
// Longest epoll_wait when no timer is due sooner.
constexpr std::int64_t kMaxWaitMs = 60000;

// The loop whose thread this is (nullptr on other threads); see IoLoop::post.
thread_local const IoLoop* tCurrentLoop = nullptr;

}  // namespace

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

bool prepareSocket(int fd) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
    return false;
  // Poco 1.11 leaves Nagle on: small back-to-back events would wait for delayed ACKs.
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

void closeSocket(int fd) {
  ::close(fd);
}

IoLoop::IoLoop(const GatewayConfig& config, ConnectionHandler& handler, metrics::Registry& metrics,
               std::atomic<std::size_t>& connectionCount)
    : config_(config),
      handler_(handler),
      connectionCount_(connectionCount),
      heartbeat_(config.heartbeat_interval_ms),
      metrics_(metrics) {
  epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  evfd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epfd_ < 0 || evfd_ < 0)
    throw std::runtime_error("gateway: epoll/eventfd creation failed");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // nullptr = the eventfd; every other entry is a Connection
  ::epoll_ctl(epfd_, EPOLL_CTL_ADD, evfd_, &ev);
}

IoLoop::~IoLoop() {
  join();
  for (auto& [id, c] : connections_)
    ::close(c->fd);
  ::close(epfd_);
  ::close(evfd_);
}

bool IoLoop::post(std::function<void()> task) {
  if (tCurrentLoop == this) {
    local_.push_back(std::move(task));
    return true;
  }
  if (!queue_.push(std::move(task)))
    return false;
  wake();
  return true;
}

void IoLoop::requestStop() {
  queue_.requestStop();
  wake();
}

bool IoLoop::adopt(ConnectionId id, int fd, std::unique_ptr<Session> session) {
  // std::function must be copyable: the task carries the raw pointer. Tasks queued before
  // stop() always run, so it is always re-owned.
  Session* raw = session.release();
  if (!queue_.pushOpen(id, [this, id, fd, raw] { open(id, fd, std::unique_ptr<Session>(raw)); })) {
    delete raw;
    return false;
  }
  wake();
  return true;
}

void IoLoop::broadcast(const std::string& group, const ws::SharedFrame& frame) {
  const auto* members = groups_.members(group);
  if (members == nullptr)
    return;
  // enqueue may close a slow consumer, which leaves its groups: iterate over a copy.
  scratchMembers_.assign(members->begin(), members->end());
  for (Connection* c : scratchMembers_) {
    if (c->close.isOpen())
      enqueue(*c, frame, true);
  }
  scratchMembers_.clear();
}

void IoLoop::closeGroup(const std::string& group, std::uint16_t code, const std::string& reason) {
  const auto* members = groups_.members(group);
  if (members == nullptr)
    return;
  scratchMembers_.assign(members->begin(), members->end());
  for (Connection* c : scratchMembers_)
    beginClose(*c, code, reason, false);
  scratchMembers_.clear();
}

void IoLoop::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(evfd_, &one, sizeof one);
}

void IoLoop::open(ConnectionId id, int fd, std::unique_ptr<Session> session) {
  auto owned = std::make_unique<Connection>(id, fd, std::move(session), config_.max_message_bytes);
  owned->lastSeenMs = steadyNowMs();
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.ptr = owned.get();
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    ::close(fd);
    queue_.forget(id);
    return;
  }
  Connection& c = *owned;
  connections_.emplace(id, std::move(owned));
  connectionCount_.fetch_add(1, std::memory_order_relaxed);
  metrics_.open.add(1);
  metrics_.opened.inc();
  if (config_.probe_rtt_on_open)
    enqueue(c, stampedPing(steadyNowUs()), false);
  handler_.onOpen(id, *c.session);
}

// ---- writing

// Returns false when the connection has been destroyed (socket failure or handshake done).
bool IoLoop::writeOut(Connection& c) {
  while (!c.out.empty()) {
    const std::string_view bytes = c.out.front();
    const ssize_t n = ::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        break;
      if (errno == EINTR)
        continue;
      fail(c);
      return false;
    }
    const auto written = static_cast<std::size_t>(n);
    metrics_.queuedBytes.add(-static_cast<std::int64_t>(written));
    if (c.out.consume(written))
      metrics_.framesOut.inc();
  }
  return afterWrite(c);
}

bool IoLoop::afterWrite(Connection& c) {
  if (!c.out.empty()) {
    setWriteArmed(c, true);
    return true;
  }
  c.out.releaseIfEmpty();
  setWriteArmed(c, false);
  const auto drained = c.close.onQueueDrained();
  if (drained.shutdownWrite)
    ::shutdown(c.fd, SHUT_WR);
  if (drained.destroy) {
    destroy(c);
    return false;
  }
  return true;
}

void IoLoop::setWriteArmed(Connection& c, bool armed) {
  if (c.writeArmed == armed)
    return;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (armed ? EPOLLOUT : 0u);
  ev.data.ptr = &c;
  ::epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
  c.writeArmed = armed;
}

void IoLoop::setReadDone(Connection& c) {
  epoll_event ev{};
  ev.events = c.writeArmed ? EPOLLOUT : 0u;
  ev.data.ptr = &c;
  ::epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
}

// `capped`: data frames obey max_outbound_bytes; control replies and our close do not.
void IoLoop::enqueue(Connection& c, const ws::SharedFrame& frame, bool capped) {
  const std::size_t size = frame->size();
  if (capped && c.out.wouldExceed(size, config_.max_outbound_bytes)) {
    metrics_.slowConsumers.inc();
    beginClose(c, ws::kCloseTryAgainLater, "slow consumer", true);
    return;
  }
  std::size_t offset = 0;
  if (c.out.empty()) {
    // Nothing waiting (the common case): write now, and only queue what the socket refused.
    const ssize_t n = ::send(c.fd, frame->data(), size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n == static_cast<ssize_t>(size)) {
      metrics_.framesOut.inc();
      afterWrite(c);
      return;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      fail(c);
      return;
    }
    offset = n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  metrics_.queuedBytes.add(static_cast<std::int64_t>(c.out.push(frame, offset)));
  if (c.out.frameCount() == 1)
    writeOut(c);  // the rest waits for EPOLLOUT
}

// ---- closing

void IoLoop::beginClose(Connection& c, std::uint16_t code, std::string_view reason,
                        bool dropQueue) {
  if (!c.close.begin(steadyNowMs(), config_.close_timeout_ms))
    return;
  code = closeCodeForWire(code);
  queue_.markNotLive(c.id);
  closing_.push_back(c.id);
  if (dropQueue)
    metrics_.queuedBytes.add(-static_cast<std::int64_t>(c.out.dropUnstarted()));
  handler_.onClosed(c.id, *c.session, code, reason);
  if (!c.out.empty()) {
    metrics_.queuedBytes.add(static_cast<std::int64_t>(c.out.push(closeFrame(code, reason), 0)));
    writeOut(c);
  } else {
    enqueue(c, closeFrame(code, reason), false);
  }
}

// The socket failed or the peer vanished: no handshake possible.
void IoLoop::fail(Connection& c) {
  if (c.close.fail()) {
    queue_.markNotLive(c.id);
    handler_.onClosed(c.id, *c.session, ws::kCloseAbnormal, "connection lost");
  }
  destroy(c);
}

void IoLoop::destroy(Connection& c) {
  if (c.fd < 0)
    return;
  ::epoll_ctl(epfd_, EPOLL_CTL_DEL, c.fd, nullptr);
  ::close(c.fd);
  c.fd = -1;
  groups_.leaveAll(c);
  metrics_.queuedBytes.add(-static_cast<std::int64_t>(c.out.clear()));
  queue_.forget(c.id);
  connectionCount_.fetch_sub(1, std::memory_order_relaxed);
  metrics_.open.add(-1);
  metrics_.closed.inc();
  const auto it = connections_.find(c.id);
  // Freed after the current batch of epoll events, which may still point at it.
  graveyard_.push_back(std::move(it->second));
  connections_.erase(it);
}

// ---- reading

void IoLoop::onReadable(Connection& c) {
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
      const auto step = c.close.onPeerEof(c.out.empty());
      if (step == CloseHandshake::PeerEof::kFail)
        fail(c);
      else if (step == CloseHandshake::PeerEof::kDestroy)
        destroy(c);
      else  // kStopReading: our queue is of no use beyond the deadline anyway
        setReadDone(c);
      return;
    }
    c.lastSeenMs = steadyNowMs();
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

void IoLoop::handle(Connection& c, ws::FrameEvent& event) {
  using Type = ws::FrameEvent::Type;
  metrics_.framesIn.inc();
  switch (event.type) {
    case Type::kText:
      if (c.close.isOpen())
        handler_.onText(c.id, *c.session, event.payload);
      break;
    case Type::kBinary:
      beginClose(c, ws::kCloseUnsupportedData, "binary messages are not supported", true);
      break;
    case Type::kPing:
      if (c.close.isOpen())
        enqueue(c, std::make_shared<const std::string>(ws::encodePong(event.payload)), false);
      break;
    case Type::kPong:
      onPong(c, event.payload);
      break;
    case Type::kClose:
      if (const auto step = c.close.onPeerClose(c.out.empty());
          step == CloseHandshake::PeerClose::kEcho)
        beginClose(c, event.code, event.payload, false);
      else if (step == CloseHandshake::PeerClose::kDestroy)
        destroy(c);  // kWaitForQueue: destroyed once our close frame has left
      break;
    case Type::kError:
      beginClose(c, event.code, event.detail, true);
      break;
  }
}

void IoLoop::onPong(Connection& c, std::string_view payload) {
  if (!c.close.isOpen())
    return;
  if (const auto rttUs = roundTripUs(payload, steadyNowUs(), heartbeat_.intervalMs()))
    handler_.onRoundTrip(c.id, *c.session, *rttUs);
}

// ---- timers

void IoLoop::onTimers(std::int64_t now) {
  if (const auto tick = heartbeat_.tick(now); tick.due) {
    const ws::SharedFrame ping = tick.ping ? stampedPing(steadyNowUs()) : nullptr;
    scratchIds_.clear();
    for (auto& [id, c] : connections_)
      scratchIds_.push_back(id);
    for (const auto id : scratchIds_) {
      Connection* c = find(id);
      if (c == nullptr || !c->close.isOpen())
        continue;
      if (heartbeat_.isSilent(now, c->lastSeenMs))
        beginClose(*c, ws::kCloseServerError, "heartbeat timeout", true);
      else if (ping)
        enqueue(*c, ping, false);
    }
  }
  // Close handshakes that ran out of time.
  std::size_t keep = 0;
  for (std::size_t i = 0; i < closing_.size(); ++i) {
    Connection* c = find(closing_[i]);
    if (c == nullptr)
      continue;
    if (c->close.expired(now))
      destroy(*c);
    else
      closing_[keep++] = closing_[i];
  }
  closing_.resize(keep);
}

int IoLoop::timeoutMs(std::int64_t now) const {
  std::int64_t next = now + kMaxWaitMs;
  if (heartbeat_.enabled())
    next = std::min(next, heartbeat_.nextTickMs());
  for (const auto id : closing_) {
    const auto it = connections_.find(id);
    if (it != connections_.end())
      next = std::min(next, it->second->close.deadlineMs());
  }
  return static_cast<int>(std::clamp<std::int64_t>(next - now, 0, kMaxWaitMs));
}

// ---- tasks and the run loop

void IoLoop::runTasks() {
  std::uint64_t count = 0;
  [[maybe_unused]] const auto n = ::read(evfd_, &count, sizeof count);
  queue_.takeAll(running_);
  for (auto& task : running_)
    task();
  running_.clear();
}

// Loop thread, between events: tasks posted from this thread, after the other threads' (a
// state another thread posted earlier must not arrive after one posted here).
void IoLoop::runLocalTasks() {
  while (!local_.empty()) {
    runTasks();
    runningLocal_.swap(local_);
    for (auto& task : runningLocal_)
      task();
    runningLocal_.clear();
  }
}

void IoLoop::closeAllForStop() {
  scratchIds_.clear();
  for (auto& [id, c] : connections_)
    scratchIds_.push_back(id);
  for (const auto id : scratchIds_) {
    if (Connection* c = find(id))
      beginClose(*c, ws::kCloseGoingAway, "server shutting down", false);
  }
}

void IoLoop::run() {
  tCurrentLoop = this;
  scratch_.resize(kScratchBytes);
  heartbeat_.start(steadyNowMs());
  std::vector<epoll_event> ready(kMaxEvents);
  bool stopSeen = false;
  std::int64_t stopDeadline = 0;
  while (true) {
    const int n = ::epoll_wait(epfd_, ready.data(), kMaxEvents, timeoutMs(steadyNowMs()));
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<Connection*>(ready[i].data.ptr);
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
    onTimers(steadyNowMs());
    runLocalTasks();
    graveyard_.clear();

    if (!stopSeen && queue_.stopping()) {
      stopSeen = true;
      runTasks();  // anything posted before stop() still runs (adopts included)
      stopDeadline = steadyNowMs() + config_.close_timeout_ms;
      closeAllForStop();
      graveyard_.clear();
    }
    if (stopSeen && (connections_.empty() || steadyNowMs() >= stopDeadline)) {
      while (!connections_.empty())
        destroy(*connections_.begin()->second);
      graveyard_.clear();
      return;
    }
  }
}

}  // namespace streamit::gateway
