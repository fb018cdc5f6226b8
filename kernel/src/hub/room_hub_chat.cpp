// The chat half of RoomHub (issue #6): chat.send through the ChatService (limits, moderation,
// history) into a per-room batch flushed within the batch window, history pages, and the
// host's controls. Runs on the room's strand like every other room task; playback events are
// broadcast the moment they are applied and never wait for a chat batch.

#include <Poco/JSON/Object.h>

#include <chrono>

#include "chat/chat_service.h"
#include "http/error_codes.h"
#include "hub/room_context.h"
#include "hub/room_hub.h"
#include "log/logger.h"
#include "protocol/server_message.h"
#include "rooms/close_codes.h"
#include "util/clock.h"

namespace streamit::hub {
bool RoomHub::isHost(const RoomContext& room, const Member& member) const {
  return !room.host_subject.empty() && member.user_id == room.host_subject;
}

void RoomHub::chatSend(gateway::ConnectionId id, const Member& member,
                       const std::optional<std::string>& re, const std::string& text) {
  auto room = existingContext(member.room);
  if (!room)
    return;
  const auto now = util::systemNowMs();
  const auto outcome =
      deps_.chat.send(member.room, chat::Sender{member.user_id, member.display_name}, text, now);
  if (!outcome.accepted) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    if (outcome.retry_after_ms > 0)
      details->set("retry_after_ms", outcome.retry_after_ms);
    sendError(id, re, outcome.refused.value_or(http::errors::kInternalError), outcome.message,
              details);
    return;
  }
  if (room->chat.add(*outcome.accepted, now))
    flushChat(member.room, /*force=*/true);
  else
    room->chatPending = true;
  if (re)
    sendText(id, protocol::ackEvent(*re, util::systemNowMs()));
}

void RoomHub::flushChat(const std::string& code, bool force) {
  auto room = existingContext(code);
  if (!room || room->chat.empty()) {
    if (room)
      room->chatPending = false;
    return;
  }
  if (!force && !room->chat.due(util::systemNowMs()))
    return;  // the ticker comes back within the window
  room->chatPending = false;
  const std::string text = protocol::chatMessagesEvent(room->chat.take(), util::systemNowMs());
  broadcastText(code, text);
  publish(code, BusKind::kChat, text);
}

void RoomHub::chatHistory(gateway::ConnectionId id, const Member& member,
                          const std::optional<std::string>& re,
                          const protocol::ChatHistoryRequest& request) {
  const auto page = deps_.chat.history(member.room, request.before, request.limit);
  sendText(id,
           protocol::chatHistoryEvent(page.messages, page.next_before, util::systemNowMs(), re));
}

void RoomHub::chatControl(gateway::ConnectionId id, const Member& member,
                          const std::optional<std::string>& re,
                          const protocol::ClientBody& control) {
  auto room = existingContext(member.room);
  if (!room)
    return;
  // The one authorization rule for host controls: the room record's host, never a claim.
  if (!isHost(*room, member)) {
    sendError(id, re, http::errors::kNotHost, "only the host can moderate the chat");
    return;
  }
  const auto& code = member.room;
  const auto now = util::systemNowMs();
  if (const auto* enable = std::get_if<protocol::ChatSetEnabled>(&control)) {
    deps_.chat.setEnabled(code, enable->enabled);
    const std::string text = protocol::chatStateEvent(enable->enabled, now);
    broadcastText(code, text);
    publish(code, BusKind::kChat, text);
  } else if (const auto* remove = std::get_if<protocol::ChatDelete>(&control)) {
    if (!deps_.chat.remove(code, remove->message_id)) {
      sendError(id, re, http::errors::kValidationFailed, "no such message in this room's history");
      return;
    }
    const std::string text = protocol::chatDeletedEvent(remove->message_id, now);
    broadcastText(code, text);
    publish(code, BusKind::kChat, text);
  } else if (const auto* mute = std::get_if<protocol::ChatMute>(&control)) {
    deps_.chat.mute(code, mute->user_id, mute->duration_s, now);
  } else if (const auto* kick = std::get_if<protocol::ChatKick>(&control)) {
    if (kick->user_id == member.user_id) {
      sendError(id, re, http::errors::kValidationFailed, "the host cannot kick themselves");
      return;
    }
    deps_.chat.kick(code, kick->user_id, kick->duration_s, now);
    closeUserHere(*room, kick->user_id);
    publish(code, BusKind::kKick, kick->user_id);
  }
  if (re)
    sendText(id, protocol::ackEvent(*re, util::systemNowMs()));
}

void RoomHub::closeUserHere(RoomContext& room, const std::string& userId) {
  for (const auto& [connection, member] : room.members) {
    if (member->user_id == userId)
      gateway_->close(connection, static_cast<std::uint16_t>(rooms::kCloseKicked), "kicked");
  }
}

}  // namespace streamit::hub
