#pragma once

#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "log/logger.h"
#include "realtime/realtime_store.h"

namespace streamit::realtime {

// What a store keeps per subscription, shared between the Subscription handle and the thread
// that delivers messages. The recursive mutex makes "destroyed ⇒ no further callback" hold
// even when a handler destroys its own subscription from inside the callback.
struct SubscriberState {
  SubscriberState(std::vector<std::string> subscribedChannels, SubscriptionHandlers h)
      : channels(std::move(subscribedChannels)), handlers(std::move(h)) {}

  const std::vector<std::string> channels;  // logical names
  const SubscriptionHandlers handlers;

  void deliver(const std::string& channel, const std::string& message) {
    std::lock_guard lock(mutex_);
    if (!active_ || !handlers.onMessage)
      return;
    try {
      handlers.onMessage(channel, message);
    } catch (const std::exception& e) {
      // A faulty handler must not kill the delivery thread or starve other subscribers.
      log::Logger("realtime").error("subscription handler threw", {{"error", e.what()}});
    }
  }

  void resubscribed() {
    std::lock_guard lock(mutex_);
    if (!active_ || !handlers.onResubscribed)
      return;
    try {
      handlers.onResubscribed();
    } catch (const std::exception& e) {
      log::Logger("realtime").error("onResubscribed handler threw", {{"error", e.what()}});
    }
  }

  // After this returns no handler is running (except on this thread) and none will start.
  void deactivate() {
    std::lock_guard lock(mutex_);
    active_ = false;
  }

 private:
  std::recursive_mutex mutex_;
  bool active_ = true;
};

}  // namespace streamit::realtime
