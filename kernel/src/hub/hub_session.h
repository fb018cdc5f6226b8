#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gateway/gateway.h"

namespace streamit::hub {

// Who a connection is, fixed at the upgrade. Shared with the room strand's tasks, which must
// not hold a reference to the gateway-owned session (it dies with the connection).
// A value written on one thread and read on another; copies (a snapshot copies its member)
// take the current value.
class SharedMicros {
 public:
  SharedMicros() = default;
  SharedMicros(const SharedMicros& other) : value_(other.load()) {}
  SharedMicros& operator=(const SharedMicros& other) {
    store(other.load());
    return *this;
  }
  std::int64_t load() const { return value_.load(std::memory_order_relaxed); }
  void store(std::int64_t value) { value_.store(value, std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{-1};
};

struct Member {
  std::string room;        // normalized room code
  std::string session_id;  // "<node>-<connection id>", unique across nodes
  std::string user_id;     // token subject
  std::string display_name;
  bool is_host = false;  // from the room record at join; commands re-check the record
  // Last ping round trip the gateway measured (µs, -1: none yet). Written on the I/O loop,
  // read by the room's strand when it schedules a start (RoomHub::leadFor).
  SharedMicros rtt_us;
  // The playback epoch under which this member's presence was written (0: not yet). Strand only.
  std::uint64_t presence_epoch = 0;
};

// Gateway-owned per-connection data. Touched only on the connection's I/O loop thread.
struct HubSession : gateway::Session {
  explicit HubSession(std::shared_ptr<Member> m) : member(std::move(m)) {}
  std::shared_ptr<Member> member;
  std::optional<std::int64_t> message_tat_ms;  // per-connection GCRA state
};

}  // namespace streamit::hub
