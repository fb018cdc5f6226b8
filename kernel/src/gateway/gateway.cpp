#include "gateway/gateway.h"

#include <algorithm>
#include <thread>

#include "gateway/connection.h"
#include "gateway/io_loop.h"

namespace streamit::gateway {
namespace {

// The loop index lives in the low bits of a ConnectionId, so any thread finds the owner.
constexpr unsigned kLoopBits = 8;
constexpr std::uint64_t kLoopMask = (1u << kLoopBits) - 1;

std::atomic<std::uint64_t> gNextSequence{1};  // process-wide: ids are never reused

}  // namespace

// The facade's name for an I/O loop (gateway.h keeps it opaque).
class Gateway::Loop : public IoLoop {
 public:
  using IoLoop::IoLoop;
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
    loops_.push_back(std::make_unique<Loop>(config_, handler_, metrics_, connections_));
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
  if (!running_.load() || loops_.empty() || !prepareSocket(fd)) {
    closeSocket(fd);
    return 0;
  }
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
    closeSocket(fd);
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
    loop->post(
        [loop, id, code, reason = std::move(reason)] { loop->closeConnection(id, code, reason); });
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
  return sizeof(Connection);
}

}  // namespace streamit::gateway
