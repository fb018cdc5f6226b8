#pragma once

#include <array>
#include <cstddef>
#include <optional>

// Client-side clock math for `time.ping {t0}` → `time.pong {t0, t1, t2}` (SYNC.md "Clock sync").
// Lives in the kernel so server tests, the benchmark clients and the JS client's reference
// vectors share one definition. Pure; not thread-safe (one filter per client connection).
namespace streamit::playback {

struct ClockSample {
  // server_clock - client_clock, in ms: server_now ≈ client_now + offset_ms.
  double offset_ms = 0.0;
  // Round trip minus the server's processing time, in ms.
  double delay_ms = 0.0;

  bool operator==(const ClockSample&) const = default;
};

// NTP math. t0: client send, t1: server receive, t2: server send, t3: client receive; t0/t3 on
// the client clock, t1/t2 on the server clock, all in ms. Assumes a symmetric path: the offset
// error is at most delay/2, which is why the filter prefers low-delay samples.
ClockSample fromPong(double t0, double t1, double t2, double t3);

// Keeps the last kCapacity samples and answers with the lowest-delay one (Jellyfin's choice:
// queueing only ever adds delay, so the fastest round trip has the least asymmetric error).
class ClockFilter {
 public:
  static constexpr std::size_t kCapacity = 8;

  // Samples with a negative or non-finite delay/offset are impossible on a sane path and are
  // dropped; returns whether the sample was kept.
  bool add(const ClockSample& sample);
  // The lowest-delay sample among the kept ones (the newest on ties); nullopt when empty.
  std::optional<ClockSample> best() const;
  std::size_t size() const { return size_; }
  void clear();

 private:
  std::array<ClockSample, kCapacity> samples_{};
  std::size_t next_ = 0;  // ring position of the next write
  std::size_t size_ = 0;
};

}  // namespace streamit::playback
