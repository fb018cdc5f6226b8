#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "gateway/connection.h"
#include "gateway/gateway.h"
#include "gateway/groups.h"
#include "gateway/heartbeat.h"
#include "gateway/loop_metrics.h"
#include "gateway/task_queue.h"
#include "metrics/registry.h"
#include "ws/frame_parser.h"
#include "ws/frame_writer.h"

namespace streamit::gateway {

// Raises the soft RLIMIT_NOFILE to the hard limit, once per process.
void raiseFileLimitOnce();
// Makes an adopted socket non-blocking with TCP_NODELAY; false when that failed.
bool prepareSocket(int fd);
void closeSocket(int fd);

// One I/O thread: its epoll set, the eventfd that wakes it, the cross-thread task queue and the
// connections it owns (docs/gateway.md). The only gateway code that makes system calls; the
// decisions are the pure parts' (CloseHandshake, OutboundQueue, HeartbeatSchedule, Groups).
class IoLoop {
 public:
  IoLoop(const GatewayConfig& config, ConnectionHandler& handler, metrics::Registry& metrics,
         std::atomic<std::size_t>& connectionCount);
  ~IoLoop();
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

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
  bool post(std::function<void()> task);
  bool isLive(ConnectionId id) { return queue_.isLive(id); }
  void requestStop();
  std::size_t load() const { return queue_.load(); }
  // Any thread: reserves the id as live and posts the open. false when stopping.
  bool adopt(ConnectionId id, int fd, std::unique_ptr<Session> session);

  // Loop thread (run from tasks).
  void sendTo(ConnectionId id, const ws::SharedFrame& frame) {
    if (auto* c = find(id); c && c->close.isOpen())
      enqueue(*c, frame, true);
  }
  void closeConnection(ConnectionId id, std::uint16_t code, const std::string& reason) {
    if (auto* c = find(id))
      beginClose(*c, code, reason, false);
  }
  void join(ConnectionId id, const std::string& group) {
    if (auto* c = find(id); c && c->close.isOpen())
      groups_.join(*c, group);
  }
  void leave(ConnectionId id, const std::string& group) {
    if (auto* c = find(id))
      groups_.leave(*c, group);
  }
  void broadcast(const std::string& group, const ws::SharedFrame& frame);
  void closeGroup(const std::string& group, std::uint16_t code, const std::string& reason);

 private:
  void wake();
  Connection* find(ConnectionId id) {
    const auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : it->second.get();
  }
  void open(ConnectionId id, int fd, std::unique_ptr<Session> session);

  bool writeOut(Connection& c);
  bool afterWrite(Connection& c);
  void setWriteArmed(Connection& c, bool armed);
  void setReadDone(Connection& c);
  void enqueue(Connection& c, const ws::SharedFrame& frame, bool capped);
  void beginClose(Connection& c, std::uint16_t code, std::string_view reason, bool dropQueue);
  void fail(Connection& c);
  void destroy(Connection& c);
  void onReadable(Connection& c);
  void handle(Connection& c, ws::FrameEvent& event);
  void onPong(Connection& c, std::string_view payload);
  void onTimers(std::int64_t now);
  int timeoutMs(std::int64_t now) const;
  void runTasks();
  void runLocalTasks();
  void closeAllForStop();
  void run();

  const GatewayConfig config_;
  ConnectionHandler& handler_;
  std::atomic<std::size_t>& connectionCount_;  // the Gateway's, over all loops
  int epfd_ = -1;
  int evfd_ = -1;
  std::thread thread_;

  TaskQueue queue_;

  // Loop thread only.
  std::vector<TaskQueue::Task> running_;
  std::vector<TaskQueue::Task> local_;  // posted from this thread; see runLocalTasks
  std::vector<TaskQueue::Task> runningLocal_;
  std::unordered_map<ConnectionId, std::unique_ptr<Connection>> connections_;
  Groups groups_;
  HeartbeatSchedule heartbeat_;
  std::vector<ConnectionId> closing_;
  std::vector<std::unique_ptr<Connection>> graveyard_;
  std::vector<Connection*> scratchMembers_;
  std::vector<ConnectionId> scratchIds_;
  std::vector<char> scratch_;
  std::vector<ws::FrameEvent> events_;

  LoopMetrics metrics_;
};

}  // namespace streamit::gateway
