#include "realtime/redis_subscriber.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>
#include <pthread.h>
#include <sys/socket.h>

#include <algorithm>
#include <csignal>

#include "log/logger.h"
#include "realtime/reconnect_backoff.h"
#include "realtime/redis_errors.h"

namespace streamit::realtime {
namespace {

const log::Logger& logger() {
  static const log::Logger instance("realtime");
  return instance;
}
constexpr auto kPingInterval = std::chrono::seconds(1);
constexpr auto kPollInterval = std::chrono::milliseconds(50);

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

void sendAll(Poco::Net::StreamSocket& socket, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const int n =
        socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent), MSG_NOSIGNAL);
    if (n <= 0)
      throw Poco::Net::NetException("short write to redis");
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace

class RedisSubscriber::Handle : public Subscription {
 public:
  Handle(RedisSubscriber& owner, std::shared_ptr<SubscriberState> state)
      : owner_(owner), state_(std::move(state)) {}
  ~Handle() override {
    owner_.unsubscribe(state_);
    state_->deactivate();
  }

 private:
  RedisSubscriber& owner_;
  std::shared_ptr<SubscriberState> state_;
};

RedisSubscriber::RedisSubscriber(RedisConfig config, std::string prefix, metrics::Registry& metrics)
    : config_(std::move(config)),
      prefix_(std::move(prefix)),
      metrics_(metrics),
      reconnects_(redisReconnectCounter(metrics, "subscriber")) {
  thread_ = std::thread([this] { run(); });
}

RedisSubscriber::~RedisSubscriber() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool RedisSubscriber::connected() {
  std::lock_guard lock(mutex_);
  return connected_;
}

std::unique_ptr<Subscription> RedisSubscriber::subscribe(const std::vector<std::string>& channels,
                                                         SubscriptionHandlers handlers) {
  auto state = std::make_shared<SubscriberState>(channels, std::move(handlers));
  std::vector<std::string> fullNames;
  std::vector<std::string> command{"SUBSCRIBE"};
  std::unique_lock lock(mutex_);
  for (const auto& channel : channels) {
    fullNames.push_back(prefix_ + channel);
    auto& states = channels_[fullNames.back()];
    if (states.empty())
      command.push_back(fullNames.back());
    states.insert(state);
  }
  auto allConfirmed = [&] {
    if (!connected_)
      return false;
    for (const auto& name : fullNames) {
      if (!confirmed_.contains(name))
        return false;
    }
    return true;
  };
  // When connected, new channels are subscribed here; otherwise the reader's connect sends
  // SUBSCRIBE for everything in channels_, including these.
  if (connected_ && command.size() > 1)
    sendLocked(command);
  // Wait for Redis to confirm so a publish right after subscribe() is delivered. Not while
  // backing off (fail fast), and never on the reader thread (it must process the reply).
  const bool mayWait = !failing_ && std::this_thread::get_id() != thread_.get_id();
  if (mayWait) {
    auto timeout = std::chrono::milliseconds(config_.command_timeout_ms);
    if (!connected_)
      timeout += std::chrono::milliseconds(config_.connect_timeout_ms);
    const bool confirmed = cv_.wait_until(lock, Clock::now() + timeout,
                                          [&] { return allConfirmed() || failing_ || stopping_; });
    if (!confirmed)
      logger().warn("redis did not confirm SUBSCRIBE in time");
  }
  // Still no connection: the owner may miss messages until one exists, so tell it to resync
  // then. (After a connection loss everybody is resynced anyway.)
  if (!connected_)
    missed_.push_back(state);
  return std::make_unique<Handle>(*this, state);
}

void RedisSubscriber::unsubscribe(const std::shared_ptr<SubscriberState>& state) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> command{"UNSUBSCRIBE"};
  for (const auto& channel : state->channels) {
    auto it = channels_.find(prefix_ + channel);
    if (it == channels_.end())
      continue;
    it->second.erase(state);
    if (it->second.empty()) {
      command.push_back(it->first);
      confirmed_.erase(it->first);
      awaitingConfirm_.erase(it->first);
      channels_.erase(it);
    }
  }
  std::erase(missed_, state);
  std::erase(resyncTargets_, state);
  if (connected_ && command.size() > 1)
    sendLocked(command);
}

void RedisSubscriber::sendLocked(const std::vector<std::string>& args) {
  if (!socket_)
    return;
  try {
    sendAll(*socket_, encodeRespCommand(args));
  } catch (const std::exception& e) {
    logger().warn("redis subscriber send failed", {{"error", e.what()}});
    try {
      socket_->shutdown();  // wakes the reader, which reconnects and resubscribes
    } catch (const std::exception&) {
    }
  }
}

RespReply RedisSubscriber::readReplyBlocking(Poco::Net::StreamSocket& socket) {
  RespReply reply;
  char buffer[4096];
  while (true) {
    switch (parser_.next(reply)) {
      case RespParser::Status::kReply:
        return reply;
      case RespParser::Status::kError:
        throw Poco::Net::NetException("malformed reply: " + parser_.error());
      case RespParser::Status::kNeedMore:
        break;
    }
    const int n = socket.receiveBytes(buffer, sizeof(buffer));  // bounded by receive timeout
    if (n <= 0)
      throw Poco::Net::NetException("connection closed");
    parser_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
}

bool RedisSubscriber::connectOnce(bool hadConnection) {
  Poco::Net::StreamSocket socket;
  try {
    const auto commandTimeout = toTimespan(std::chrono::milliseconds(config_.command_timeout_ms));
    socket.connect(Poco::Net::SocketAddress(config_.host, static_cast<Poco::UInt16>(config_.port)),
                   toTimespan(std::chrono::milliseconds(config_.connect_timeout_ms)));
    socket.setNoDelay(true);
    socket.setReceiveTimeout(commandTimeout);
    socket.setSendTimeout(commandTimeout);
    parser_.reset();
    if (!config_.password.empty()) {
      sendAll(socket, encodeRespCommand({"AUTH", config_.password}));
      const RespReply reply = readReplyBlocking(socket);
      if (reply.type == RespReply::Type::kError) {
        throw Poco::Net::NetException("AUTH rejected: " + reply.string);
      }
    }
  } catch (const std::exception& e) {
    logger().debug("redis subscriber connect failed", {{"error", e.what()}});
    return false;
  }

  std::unique_lock lock(mutex_);
  socket_ = socket;
  connected_ = true;
  failing_ = false;
  awaitingPong_ = false;
  lastActivity_ = Clock::now();
  confirmed_.clear();
  awaitingConfirm_.clear();
  // Whoever may have missed messages must resync: everyone after a loss, and subscriptions
  // made while no connection existed.
  resyncTargets_ = std::move(missed_);
  missed_.clear();
  if (hadConnection) {
    resyncTargets_.clear();
    for (const auto& [name, states] : channels_) {
      for (const auto& state : states) {
        if (std::find(resyncTargets_.begin(), resyncTargets_.end(), state) ==
            resyncTargets_.end()) {
          resyncTargets_.push_back(state);
        }
      }
    }
  }
  std::vector<std::string> command{"SUBSCRIBE"};
  for (const auto& [name, states] : channels_) {
    command.push_back(name);
    awaitingConfirm_.insert(name);
  }
  if (command.size() > 1)
    sendLocked(command);
  fireResyncIfConfirmed(lock);
  return true;
}

void RedisSubscriber::fireResyncIfConfirmed(std::unique_lock<std::mutex>& lock) {
  if (!awaitingConfirm_.empty() || resyncTargets_.empty())
    return;
  auto targets = std::move(resyncTargets_);
  resyncTargets_.clear();
  lock.unlock();
  for (const auto& state : targets)
    state->resubscribed();
  lock.lock();
}

void RedisSubscriber::handle(const RespReply& reply) {
  if (reply.type != RespReply::Type::kArray || reply.array.empty() ||
      reply.array[0].type != RespReply::Type::kBulkString) {
    return;
  }
  const std::string& kind = reply.array[0].string;
  std::unique_lock lock(mutex_);
  if (kind == "message" && reply.array.size() == 3) {
    const std::string& fullName = reply.array[1].string;
    auto it = channels_.find(fullName);
    if (it == channels_.end() || fullName.compare(0, prefix_.size(), prefix_) != 0)
      return;
    const std::vector<std::shared_ptr<SubscriberState>> receivers(it->second.begin(),
                                                                  it->second.end());
    lock.unlock();
    const std::string logical = fullName.substr(prefix_.size());
    for (const auto& state : receivers)
      state->deliver(logical, reply.array[2].string);
  } else if (kind == "subscribe" && reply.array.size() >= 2) {
    const std::string& fullName = reply.array[1].string;
    if (channels_.contains(fullName))
      confirmed_.insert(fullName);
    awaitingConfirm_.erase(fullName);
    cv_.notify_all();
    fireResyncIfConfirmed(lock);
  } else if (kind == "pong") {
    awaitingPong_ = false;
  }
}

void RedisSubscriber::readLoop(Poco::Net::StreamSocket socket) {
  char buffer[16384];
  const auto pollTimeout = toTimespan(kPollInterval);
  const auto pongTimeout = std::chrono::milliseconds(config_.command_timeout_ms);
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_)
        return;
      const auto now = Clock::now();
      if (awaitingPong_ && now - pingSentAt_ > pongTimeout) {
        logger().warn("redis subscriber: no PONG within the command timeout");
        return;
      }
      if (!awaitingPong_ && now - lastActivity_ > kPingInterval) {
        awaitingPong_ = true;
        pingSentAt_ = now;
        lastActivity_ = now;
        sendLocked({"PING"});
      }
    }
    if (!socket.poll(pollTimeout,
                     Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR)) {
      continue;
    }
    const int n = socket.receiveBytes(buffer, sizeof(buffer));
    if (n <= 0)
      return;  // closed by the server
    {
      std::lock_guard lock(mutex_);
      lastActivity_ = Clock::now();
    }
    parser_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    RespReply reply;
    while (true) {
      const auto status = parser_.next(reply);
      if (status == RespParser::Status::kNeedMore)
        break;
      if (status == RespParser::Status::kError) {
        logger().error("redis subscriber: malformed reply", {{"error", parser_.error()}});
        return;
      }
      handle(reply);
    }
  }
}

void RedisSubscriber::run() {
  // Writes to a dead peer must fail with EPIPE, not kill the process.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  ReconnectBackoff backoff{std::chrono::milliseconds(config_.reconnect_backoff_min_ms),
                           std::chrono::milliseconds(config_.reconnect_backoff_max_ms)};
  bool hadConnection = false;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_)
        return;
      if (backoff.failing()) {
        cv_.wait_until(lock, backoff.retryAt(), [this] { return stopping_; });
        if (stopping_)
          return;
      }
    }
    if (!connectOnce(hadConnection)) {
      countRedisError(metrics_, "subscribe");
      backoff.onFailure(Clock::now());
      {
        std::lock_guard lock(mutex_);
        failing_ = true;
      }
      cv_.notify_all();
      continue;
    }
    if (hadConnection) {
      reconnects_.inc();
      logger().info("redis subscriber reconnected");
    }
    hadConnection = true;
    backoff.onSuccess();
    Poco::Net::StreamSocket socket;
    {
      std::lock_guard lock(mutex_);
      socket = *socket_;
    }
    try {
      readLoop(socket);
    } catch (const std::exception& e) {
      logger().warn("redis subscriber connection lost", {{"error", e.what()}});
    }
    {
      std::lock_guard lock(mutex_);
      connected_ = false;
      failing_ = true;
      confirmed_.clear();
      awaitingConfirm_.clear();
      socket_.reset();
      if (stopping_)
        return;
    }
    cv_.notify_all();
    try {
      socket.close();
    } catch (const std::exception&) {
    }
    countRedisError(metrics_, "subscribe");
    backoff.onFailure(Clock::now());
  }
}

}  // namespace streamit::realtime
