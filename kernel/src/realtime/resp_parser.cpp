#include "realtime/resp_parser.h"

#include <charconv>

namespace streamit::realtime {

void RespParser::feed(std::string_view bytes) {
  if (!error_.empty())
    return;
  // Compact lazily so a long-lived connection does not grow the buffer forever.
  if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes.data(), bytes.size());
}

void RespParser::reset() {
  buffer_.clear();
  pos_ = 0;
  error_.clear();
}

RespParser::Status RespParser::next(RespReply& out) {
  if (!error_.empty())
    return Status::kError;
  // Re-parse from the start of the pending reply each time: simple, and replies on the
  // subscriber connection are small.
  std::size_t at = pos_;
  RespReply reply;
  switch (parseValue(at, reply, 0)) {
    case Step::kNeedMore:
      return Status::kNeedMore;
    case Step::kError:
      return Status::kError;
    case Step::kDone:
      break;
  }
  pos_ = at;
  out = std::move(reply);
  return Status::kReply;
}

RespParser::Step RespParser::parseLine(std::size_t& at, std::string_view& line) {
  const std::size_t end = buffer_.find("\r\n", at);
  if (end == std::string::npos) {
    if (buffer_.size() - at > kMaxLineLength) {
      error_ = "line too long";
      return Step::kError;
    }
    return Step::kNeedMore;
  }
  if (end - at > kMaxLineLength) {
    error_ = "line too long";
    return Step::kError;
  }
  line = std::string_view(buffer_).substr(at, end - at);
  at = end + 2;
  return Step::kDone;
}

RespParser::Step RespParser::parseInteger(std::string_view line, std::int64_t& out) {
  const char* first = line.data();
  const char* last = line.data() + line.size();
  if (first == last) {
    error_ = "empty integer";
    return Step::kError;
  }
  const auto [ptr, ec] = std::from_chars(first, last, out);
  if (ec != std::errc() || ptr != last) {
    error_ = "malformed integer";
    return Step::kError;
  }
  return Step::kDone;
}

RespParser::Step RespParser::parseValue(std::size_t& at, RespReply& out, int depth) {
  if (depth > kMaxDepth) {
    error_ = "nesting too deep";
    return Step::kError;
  }
  if (at >= buffer_.size())
    return Step::kNeedMore;
  const char marker = buffer_[at];
  if (marker != '+' && marker != '-' && marker != ':' && marker != '$' && marker != '*') {
    error_ = "unknown type marker";  // fail now rather than wait for a line that may never end
    return Step::kError;
  }
  std::size_t cursor = at + 1;
  std::string_view line;
  if (Step s = parseLine(cursor, line); s != Step::kDone)
    return s;

  switch (marker) {
    case '+':
      out.type = RespReply::Type::kSimpleString;
      out.string.assign(line);
      break;
    case '-':
      out.type = RespReply::Type::kError;
      out.string.assign(line);
      break;
    case ':': {
      out.type = RespReply::Type::kInteger;
      if (Step s = parseInteger(line, out.integer); s != Step::kDone)
        return s;
      break;
    }
    case '$': {
      std::int64_t length = 0;
      if (Step s = parseInteger(line, length); s != Step::kDone)
        return s;
      if (length == -1) {
        out.type = RespReply::Type::kNil;
        break;
      }
      if (length < 0 || length > kMaxBulkLength) {
        error_ = "invalid bulk length";
        return Step::kError;
      }
      const auto size = static_cast<std::size_t>(length);
      if (buffer_.size() - cursor < size + 2)
        return Step::kNeedMore;
      if (buffer_[cursor + size] != '\r' || buffer_[cursor + size + 1] != '\n') {
        error_ = "bulk string not terminated by CRLF";
        return Step::kError;
      }
      out.type = RespReply::Type::kBulkString;
      out.string.assign(buffer_, cursor, size);
      cursor += size + 2;
      break;
    }
    case '*': {
      std::int64_t count = 0;
      if (Step s = parseInteger(line, count); s != Step::kDone)
        return s;
      if (count == -1) {
        out.type = RespReply::Type::kNil;
        break;
      }
      if (count < 0 || count > kMaxArrayLength) {
        error_ = "invalid array length";
        return Step::kError;
      }
      out.type = RespReply::Type::kArray;
      // Do not reserve `count` up front: a bogus count must not allocate before data arrives.
      for (std::int64_t i = 0; i < count; ++i) {
        RespReply element;
        if (Step s = parseValue(cursor, element, depth + 1); s != Step::kDone)
          return s;
        out.array.push_back(std::move(element));
      }
      break;
    }
    default:
      error_ = "unknown type marker";
      return Step::kError;
  }
  at = cursor;
  return Step::kDone;
}

std::string encodeRespCommand(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n";
    out += arg;
    out += "\r\n";
  }
  return out;
}

}  // namespace streamit::realtime
