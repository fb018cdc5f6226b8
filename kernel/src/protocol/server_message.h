#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "chat/chat_entry.h"
#include "http/error_codes.h"
#include "playback/commands.h"
#include "playback/playback_state.h"
#include "protocol/client_message.h"

// Server → client WebSocket envelopes (docs/websocket.md) as compact JSON text, encoded once
// per event so fan-out writes the same bytes to every recipient. Pure; thread-safe.
//
// Shape: {"type":"<domain>.<verb>","re":"<client id>"?,"data":{...,"server_ms":N}}. Every
// event carries the server clock in data.server_ms (SYNC.md: clients keep their offset fresh
// from any event, not only from time.pong).
namespace streamit::protocol {

// `data` may be null (an empty object is sent); server_ms is added to it (overwriting any
// server_ms already there). The caller's object is not modified.
std::string encodeEvent(std::string_view type, const Poco::JSON::Object::Ptr& data,
                        std::int64_t serverMs, const std::optional<std::string>& re = {});

// `playback.state`: the full versioned state (playback::toJson) plus server_ms.
std::string playbackStateEvent(const playback::PlaybackState& state, std::int64_t serverMs,
                               const std::optional<std::string>& re = {});

// `room.state {state, grace_deadline_ms?}`; state is LIVE, GRACE, EXPIRED or DELETED.
std::string roomStateEvent(std::string_view state, std::optional<std::int64_t> graceDeadlineMs,
                           std::int64_t serverMs);

// `error {code, message, details?}` with re when the failing message had an id.
std::string errorEvent(const std::optional<std::string>& re, const http::ErrorCode& code,
                       std::string_view message, std::int64_t serverMs,
                       const Poco::JSON::Object::Ptr& details = {});

// The `error` for a message the decoder refused: INVALID_MESSAGE, re = the id when trusted.
std::string decodeErrorEvent(const DecodeError& error, std::int64_t serverMs);

// NOT_HOST / CONFLICT / VALIDATION_FAILED for a rejected playback command.
const http::ErrorCode& errorCodeFor(playback::RejectReason reason);

// The `error` for a rejected playback command. CONFLICT carries details.state (the current
// state) so the host can re-apply without a resync.
std::string rejectionEvent(const std::optional<std::string>& re,
                           const playback::CommandResult& result, std::int64_t serverMs);

// `ack {}` with re: the message was accepted and needs no other answer.
std::string ackEvent(const std::string& re, std::int64_t serverMs);

// `time.pong {t0, t1, t2}`: t0 echoed from the ping, t1 the server receive time, t2 the
// server send time (also its server_ms).
std::string timePongEvent(double t0, std::int64_t t1, std::int64_t t2,
                          const std::optional<std::string>& re = {});

// `chat.messages {messages: [{id, user_id, display_name, text, ts_ms}]}`: one batch
// (chat::ChatBatcher), oldest first. Clients render `text` as plain text, never as HTML.
std::string chatMessagesEvent(const std::vector<chat::ChatEntry>& messages, std::int64_t serverMs);

// `chat.deleted {message_id}`: the host deleted a message; clients drop it from their view.
std::string chatDeletedEvent(std::string_view messageId, std::int64_t serverMs);

// `chat.state {enabled}`: chat was turned on or off in the room.
std::string chatStateEvent(bool enabled, std::int64_t serverMs,
                           const std::optional<std::string>& re = {});

// `chat.history {messages, next_before}` with re: a page of older messages, oldest first;
// next_before is the cursor for the next older page, or null when there is none.
std::string chatHistoryEvent(const std::vector<chat::ChatEntry>& messages,
                             const std::optional<std::string>& nextBefore, std::int64_t serverMs,
                             const std::optional<std::string>& re = {});

}  // namespace streamit::protocol
