#include "chat/message_id.h"

#include <algorithm>

namespace streamit::chat {
namespace {

// 36^6: the sequence wraps after this many messages from one node, far more than one node
// sends within one millisecond.
constexpr std::uint64_t kSeqModulus = 2176782336ULL;

}  // namespace

std::string toBase36(std::uint64_t value, std::size_t width) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.push_back(kDigits[value % 36]);
    value /= 36;
  } while (value != 0);
  while (out.size() < width)
    out.push_back('0');
  std::reverse(out.begin(), out.end());
  return out;
}

std::string MessageIdGenerator::next(std::int64_t nowMs) {
  const std::uint64_t seq = seq_.fetch_add(1) % kSeqModulus;
  return toBase36(static_cast<std::uint64_t>(std::max<std::int64_t>(0, nowMs)), 9) + "-" + nodeId_ +
         "-" + toBase36(seq, 6);
}

}  // namespace streamit::chat
