#pragma once

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "metrics/registry.h"
#include "realtime/realtime_config.h"
#include "realtime/realtime_store.h"
#include "realtime/resp_parser.h"
#include "realtime/subscription_state.h"

namespace streamit::realtime {

// The pub/sub side of RedisStore: one dedicated connection on a raw StreamSocket, read by our
// own thread with our own RESP parser (Poco's AsyncReader sleeps 100 ms per reply). On loss it
// reconnects with back-off, resubscribes every channel and, once Redis confirmed them, calls
// each subscription's onResubscribed. A PING every second catches a server that stopped
// answering without closing the socket. Thread-safe; subscriptions must die before it.
class RedisSubscriber {
 public:
  RedisSubscriber(RedisConfig config, std::string prefix, metrics::Registry& metrics);
  ~RedisSubscriber();
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  // Returns once Redis confirmed the channels (bounded by the command timeout). When the
  // connection is down it returns at once; the channels are subscribed on reconnect and
  // onResubscribed tells the owner to resync.
  std::unique_ptr<Subscription> subscribe(const std::vector<std::string>& channels,
                                          SubscriptionHandlers handlers);
  bool connected();

 private:
  class Handle;
  using Clock = std::chrono::steady_clock;

  void run();
  bool connectOnce(bool hadConnection);
  void readLoop(Poco::Net::StreamSocket socket);
  void handle(const RespReply& reply);
  // Caller holds mutex_; a failed send shuts the socket down so the reader reconnects.
  void sendLocked(const std::vector<std::string>& args);
  void unsubscribe(const std::shared_ptr<SubscriberState>& state);
  void fireResyncIfConfirmed(std::unique_lock<std::mutex>& lock);
  RespReply readReplyBlocking(Poco::Net::StreamSocket& socket);

  const RedisConfig config_;
  const std::string prefix_;
  metrics::Registry& metrics_;
  metrics::Counter& reconnects_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, std::set<std::shared_ptr<SubscriberState>>> channels_;  // full names
  std::set<std::string> confirmed_;
  std::set<std::string> awaitingConfirm_;
  std::vector<std::shared_ptr<SubscriberState>> resyncTargets_;
  std::vector<std::shared_ptr<SubscriberState>> missed_;  // subscribed while disconnected
  std::optional<Poco::Net::StreamSocket> socket_;
  bool connected_ = false;
  bool failing_ = false;  // the last connection attempt failed or the connection dropped
  bool stopping_ = false;
  bool awaitingPong_ = false;
  Clock::time_point pingSentAt_{};
  Clock::time_point lastActivity_{};

  RespParser parser_;  // reader thread only
  std::thread thread_;
};

}  // namespace streamit::realtime
