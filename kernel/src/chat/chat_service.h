#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_config.h"
#include "chat/chat_entry.h"
#include "chat/message_id.h"
#include "http/error_codes.h"
#include "metrics/registry.h"
#include "plugins/plugin_manager.h"
#include "ratelimit/rate_limiter.h"
#include "realtime/realtime_store.h"
#include "storage/database.h"
#include "storage/write_queue.h"

namespace streamit::chat {

struct Sender {
  std::string user_id;
  std::string display_name;
};

// Exactly one of accepted / refused is set. `message` explains a refusal (for the `error`
// event); retry_after_ms is set for MUTED and RATE_LIMITED.
struct SendOutcome {
  std::optional<ChatEntry> accepted;
  std::optional<http::ErrorCode> refused;
  std::string message;
  std::int64_t retry_after_ms = 0;
};

struct HistoryPage {
  std::vector<ChatEntry> messages;         // oldest first
  std::optional<std::string> next_before;  // pass as `before` for the next older page
};

// A room's chat: limits, moderation, history, host controls (docs/chat.md). Store-backed so
// every node sees the same history, settings, mutes and kicks. Thread-safe; called from room
// strands (it makes store, plugin and queue calls), never from I/O loops. Authorization is the
// caller's: ChatService does not know who the host is. The dependencies must outlive it.
//
// When the realtime store cannot answer, chat degrades open rather than going down: settings
// read as enabled_by_default, nobody reads as muted or blocked, the rate limiter applies its
// per-process fallback, and an accepted message is still returned for live fan-out even if it
// could not be added to the history (counted in streamit_chat_store_errors_total). The other
// calls (history, host controls) throw realtime::StoreUnavailable: answer STATE_UNAVAILABLE.
class ChatService {
 public:
  ChatService(realtime::RealtimeStore& store, ratelimit::RateLimiter& limiter,
              plugins::PluginManager& plugins, storage::WriteQueue& queue, storage::Database& db,
              ChatConfig config, std::string nodeId, metrics::Registry& metrics);

  // `text` is already decoded and sanitized (protocol::decodeClientMessage). Checks, in order:
  // chat enabled (CHAT_DISABLED), sender muted (MUTED, retry_after_ms = remaining), per user
  // per room rate (RATE_LIMITED), moderation chain (MESSAGE_REJECTED); then appends to the
  // history and, when configured, queues an archive row.
  SendOutcome send(const std::string& room, const Sender& sender, std::string_view text,
                   std::int64_t nowMs);

  // The newest `n` messages, oldest first.
  std::vector<ChatEntry> recent(const std::string& room, std::size_t n);
  // Up to `limit` messages older than `before` (a message id; null = the newest), oldest first.
  HistoryPage history(const std::string& room, std::optional<std::string> before,
                      std::size_t limit);

  void setEnabled(const std::string& room, bool enabled);
  bool enabled(const std::string& room);
  // Deletes one message from the history; false when it is not (or no longer) there.
  bool remove(const std::string& room, const std::string& messageId);
  void mute(const std::string& room, const std::string& userId, std::int64_t durationS,
            std::int64_t nowMs);
  // Records a rejoin block for durationS (0 = none: the caller only closes the connections,
  // with rooms::kCloseKicked).
  void kick(const std::string& room, const std::string& userId, std::int64_t durationS,
            std::int64_t nowMs);
  // Until when `userId` may not rejoin `room`; null when not blocked.
  std::optional<std::int64_t> blockedUntil(const std::string& room, const std::string& userId,
                                           std::int64_t nowMs);
  std::optional<std::int64_t> mutedUntil(const std::string& room, const std::string& userId,
                                         std::int64_t nowMs);

  // Deletes archived rows older than archive_retention_s; returns how many. For a timer of the
  // caller's; a no-op returning 0 when the archive is off. Throws the database's errors.
  std::size_t purgeArchive(std::int64_t nowMs);

  const ChatConfig& config() const { return config_; }

 private:
  struct Moderated {
    bool rejected = false;
    std::string reason;
    std::string text;
  };
  Moderated moderate(const std::string& room, const Sender& sender, std::string text);
  std::optional<std::int64_t> deadline(const std::string& key, const std::string& userId,
                                       std::int64_t nowMs);
  void setDeadline(const std::string& key, const std::string& userId, std::int64_t untilMs,
                   std::int64_t durationS);
  void append(const std::string& room, const ChatEntry& entry);
  std::vector<ChatEntry> all(const std::string& room);
  realtime::Millis historyTtl() const;

  realtime::RealtimeStore& store_;
  ratelimit::RateLimiter& limiter_;
  plugins::PluginManager& plugins_;
  storage::WriteQueue& queue_;
  storage::Database& db_;
  ChatConfig config_;
  MessageIdGenerator ids_;
  // Memory store only: serializes history appends with the delete rewrite (see remove()).
  std::mutex historyMutex_;

  metrics::Counter& accepted_;
  metrics::Counter& refusedDisabled_;
  metrics::Counter& refusedMuted_;
  metrics::Counter& refusedRate_;
  metrics::Counter& refusedModeration_;
  metrics::Counter& moderationFailOpen_;
  metrics::Counter& moderationFailClosed_;
  metrics::Counter& storeErrors_;
  metrics::Counter& archiveDropped_;
};

}  // namespace streamit::chat
