#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// Coalesces one room's joins and leaves on one node into batches sent at a bounded rate, so a
// ramp of thousands of viewers costs O(N) messages per flush window instead of O(N²) single
// participant.joined events (issue #8, "presence must not make a room O(N²)"). Pure: the hub
// calls flush() from a timer on the room's strand and encodes what it returns.
namespace streamit::hub {

struct Participant {
  std::string session_id;  // one per connection: "<node>-<connection id>"
  std::string user_id;
  std::string display_name;
  bool is_host = false;

  bool operator==(const Participant&) const = default;
};

struct PresenceFlush {
  // Above `list_max` changes in one window only the count is sent: nobody needs the names of
  // 2,000 people who joined in the last quarter second, and every member would pay for them.
  bool count_only = false;
  std::vector<Participant> joined;
  std::vector<Participant> left;

  bool empty() const { return !count_only && joined.empty() && left.empty(); }
};

class PresenceBatcher {
 public:
  explicit PresenceBatcher(std::size_t listMax) : listMax_(listMax) {}

  void joined(Participant participant);
  void left(Participant participant);
  bool pending() const { return !joined_.empty() || !left_.empty(); }

  // Everything since the last flush. A connection that joined and left inside one window
  // cancels out and is never announced.
  PresenceFlush flush();

 private:
  std::size_t listMax_;
  std::vector<Participant> joined_;
  std::vector<Participant> left_;
};

}  // namespace streamit::hub
