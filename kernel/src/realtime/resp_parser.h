#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::realtime {

// One RESP2 reply. Nil bulk strings and nil arrays both become kNil.
struct RespReply {
  enum class Type { kSimpleString, kError, kInteger, kBulkString, kNil, kArray };
  Type type = Type::kNil;
  std::string string;  // simple string, error text or bulk payload
  std::int64_t integer = 0;
  std::vector<RespReply> array;
  bool operator==(const RespReply&) const = default;
};

// Incremental RESP2 decoder for the subscriber connection. Pure (no I/O): feed it whatever
// bytes arrived, in any split, and pull complete replies out. Malformed input puts it in a
// sticky error state (the connection must then be dropped); it never crashes or over-reads.
// Not thread-safe: one reader thread owns it.
class RespParser {
 public:
  enum class Status { kNeedMore, kReply, kError };

  // Bounds that turn a hostile or corrupt stream into an error instead of a huge allocation.
  static constexpr std::int64_t kMaxBulkLength = 512LL * 1024 * 1024;
  static constexpr std::int64_t kMaxArrayLength = 1024LL * 1024;
  static constexpr int kMaxDepth = 32;
  static constexpr std::size_t kMaxLineLength = std::size_t{64} * 1024;

  void feed(std::string_view bytes);
  // kReply: `out` holds the next complete reply. kNeedMore: feed more. kError: see error().
  Status next(RespReply& out);
  const std::string& error() const { return error_; }
  // Bytes received but not yet returned as replies.
  std::size_t buffered() const { return buffer_.size() - pos_; }
  void reset();

 private:
  enum class Step { kDone, kNeedMore, kError };
  Step parseValue(std::size_t& at, RespReply& out, int depth);
  Step parseLine(std::size_t& at, std::string_view& line);
  Step parseInteger(std::string_view line, std::int64_t& out);

  std::string buffer_;
  std::size_t pos_ = 0;
  std::string error_;
};

// Encodes a command as a RESP array of bulk strings (what clients send).
std::string encodeRespCommand(const std::vector<std::string>& args);

}  // namespace streamit::realtime
