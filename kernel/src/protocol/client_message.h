#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "playback/commands.h"

// Client → server WebSocket messages (docs/websocket.md): a strict, pure decoder from one text
// message to a typed value. Nothing here reads a socket or a store, so it is unit-tested and
// fuzzed on its own (tests/protocol).
namespace streamit::protocol {

struct DecodeLimits {
  std::size_t max_bytes = std::size_t{16} * 1024;
  // Poco's JSON parser recurses per nesting level; the depth is checked on the raw text first
  // so a hostile 10,000-level document never reaches it.
  std::size_t max_depth = 8;
};

// Field limits, shared with the documentation and the tests.
inline constexpr std::size_t kMaxIdBytes = 64;
inline constexpr std::size_t kMaxLabelBytes = 64;  // quality, subtitle, provider
inline constexpr std::size_t kMaxRefBytes = 2048;
inline constexpr std::size_t kMaxChatCodePoints = 1000;
inline constexpr double kMaxPositionS = 1e7;
inline constexpr double kMaxClientMs = 1e15;

// playback.play / pause / seek / change_quality / change_subtitle.
struct PlaybackCommandMessage {
  playback::PlaybackCommand command;
};
// playback.set_source: resolved later through the provider plugin `provider`.
struct SetSourceRequest {
  std::string provider;
  std::string ref;
  std::optional<std::uint64_t> expected_version;
};
// playback.report: telemetry for drift and the buffering policy.
struct PlaybackReport {
  double position_s = 0.0;
  bool buffering = false;
  double client_ms = 0.0;  // the client's clock; may be fractional (performance.now based)
};
// chat.send: `text` is valid UTF-8, sanitized (sanitizeChatText), 1..1000 code points.
struct ChatSend {
  std::string text;
};
// chat.history: a page of older messages; `before` is a message id (the cursor), limit 1..100.
inline constexpr std::size_t kDefaultChatHistoryLimit = 50;
inline constexpr std::size_t kMaxChatHistoryLimit = 100;
struct ChatHistoryRequest {
  std::optional<std::string> before;
  std::size_t limit = kDefaultChatHistoryLimit;
};
// Host controls (authorized by the caller): chat.set_enabled, chat.delete, chat.mute, chat.kick.
inline constexpr std::int64_t kMaxChatModerationDurationS = 86400;
struct ChatSetEnabled {
  bool enabled = true;
};
struct ChatDelete {
  std::string message_id;
};
struct ChatMute {
  std::string user_id;
  std::int64_t duration_s = 0;  // 1..86400
};
struct ChatKick {
  std::string user_id;
  std::int64_t duration_s = 0;  // 0..86400; 0 closes the connections without a rejoin block
};
struct TimePing {
  double t0 = 0.0;
};
struct RoomResync {};

using ClientBody =
    std::variant<PlaybackCommandMessage, SetSourceRequest, PlaybackReport, ChatSend, TimePing,
                 RoomResync, ChatHistoryRequest, ChatSetEnabled, ChatDelete, ChatMute, ChatKick>;

struct ClientMessage {
  std::optional<std::string> id;  // echoed as `re` in the reply
  ClientBody body;
};

// The caller answers with an `error` event, code INVALID_MESSAGE, re = id.
struct DecodeError {
  // Set when the envelope was readable enough to trust its id.
  std::optional<std::string> id;
  std::string message;  // names the offending field, e.g. "data.position_s: ..."
};

using DecodeResult = std::variant<ClientMessage, DecodeError>;

// Strict: unknown types, unknown or missing fields, wrong types, non-finite or out-of-range
// numbers, over-long strings, oversize or over-deep documents are all refused. Duplicate keys
// are not detected (Poco keeps the last one); every copy is still checked as the same field.
// Never throws.
DecodeResult decodeClientMessage(std::string_view text, const DecodeLimits& limits = {});

// Drops C0 controls except '\n' (so also '\r' and '\t'), DEL and C1 controls (U+0080..U+009F)
// from valid UTF-8: they can reorder or hide text in terminals and logs. Precondition: `text`
// is valid UTF-8 (decodeClientMessage checks that first).
std::string sanitizeChatText(std::string_view text);

// Number of code points in valid UTF-8.
std::size_t countCodePoints(std::string_view text);

}  // namespace streamit::protocol
