#pragma once

#include <cstdint>

namespace streamit::gateway {

// When a loop pings and when it gives up on a silent peer; pure (the caller passes the time).
//
// Ticks every half interval, pings every interval; a peer silent for 1.5 intervals is closed
// with 1011. A live peer answers every ping, so it is never silent much longer than one
// interval; a dead one is closed at most 2 intervals after its last byte (TEST-PLAN T10).
class HeartbeatSchedule {
 public:
  // intervalMs <= 0 disables the heartbeat (tick() then never reports a tick).
  explicit HeartbeatSchedule(std::int64_t intervalMs) : intervalMs_(intervalMs) {}

  bool enabled() const { return intervalMs_ > 0; }
  std::int64_t intervalMs() const { return intervalMs_; }

  // The loop starts: first tick half an interval from now, first ping one interval from now.
  void start(std::int64_t nowMs) {
    nextTickMs_ = nowMs + intervalMs_ / 2;
    nextPingMs_ = nowMs + intervalMs_;
  }

  struct Tick {
    bool due = false;   // check every connection for silence now
    bool ping = false;  // and ping the ones that are not silent
  };
  // Called after every loop wake-up; advances the schedule when a tick is due.
  Tick tick(std::int64_t nowMs) {
    Tick result;
    if (!enabled() || nowMs < nextTickMs_)
      return result;
    result.due = true;
    // At least 1 ms, so a tiny interval cannot spin the loop.
    nextTickMs_ = nowMs + (intervalMs_ / 2 > 1 ? intervalMs_ / 2 : 1);
    if (nowMs >= nextPingMs_) {
      result.ping = true;
      nextPingMs_ = nowMs + intervalMs_;
    }
    return result;
  }

  // When the loop must wake up next for the heartbeat (only meaningful when enabled()).
  std::int64_t nextTickMs() const { return nextTickMs_; }

  std::int64_t silentLimitMs() const { return intervalMs_ + intervalMs_ / 2; }
  // Nothing (no frame of any kind) arrived from the peer for 1.5 intervals.
  bool isSilent(std::int64_t nowMs, std::int64_t lastSeenMs) const {
    return nowMs - lastSeenMs >= silentLimitMs();
  }

 private:
  std::int64_t intervalMs_;
  std::int64_t nextTickMs_ = 0;
  std::int64_t nextPingMs_ = 0;
};

}  // namespace streamit::gateway
