#pragma once

#include <atomic>
#include <cstdint>
#include <string>

// Chat message ids: `<ms base36, 9 digits>-<node id>-<seq base36, 6 digits>`. The fixed-width
// time prefix makes ids sort by creation time as plain strings (the history cursor compares
// them), the node id makes them unique across nodes without coordination, and the sequence
// makes them unique within one millisecond on one node.
namespace streamit::chat {

// Fixed-width lower-case base36 of a non-negative value (wider values are not truncated).
std::string toBase36(std::uint64_t value, std::size_t width);

// Thread-safe.
class MessageIdGenerator {
 public:
  explicit MessageIdGenerator(std::string nodeId) : nodeId_(std::move(nodeId)) {}
  std::string next(std::int64_t nowMs);

 private:
  std::string nodeId_;
  std::atomic<std::uint64_t> seq_{0};
};

}  // namespace streamit::chat
