#include "chat/chat_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "chat/chat_archive.h"
#include "chat/chat_scripts.h"
#include "log/logger.h"
#include "plugins/plugin_clients.h"
#include "protocol/client_message.h"
#include "realtime/keys.h"
#include "ws/utf8_validator.h"

namespace streamit::chat {
namespace {

// Settings outlive any room (rooms expire within days); the TTL only keeps the rule that
// nothing in the store lives forever.
constexpr realtime::Millis kSettingsTtl{30LL * 24 * 3600 * 1000};

// keys::rateLimit accepts [A-Za-z0-9_.:-] only; other bytes of a user id are hex-escaped so
// distinct ids stay distinct limiter keys.
std::string limiterSubject(const std::string& room, const std::string& userId) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = room + ":";
  for (const char c : userId) {
    const auto byte = static_cast<unsigned char>(c);
    if (realtime::keys::isValidPart(std::string_view(&c, 1)) && c != '%') {
      out.push_back(c);
    } else {
      out.push_back('_');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

// The text a plugin rewrote to, held to the same rules as client text; null when it breaks
// them (treated as a plugin error).
std::optional<std::string> checkedRewrite(const std::string& text) {
  if (!ws::isValidUtf8(text))
    return std::nullopt;
  std::string clean = protocol::sanitizeChatText(text);
  if (clean.empty() || protocol::countCodePoints(clean) > protocol::kMaxChatCodePoints)
    return std::nullopt;
  return clean;
}

}  // namespace

ChatService::ChatService(realtime::RealtimeStore& store, ratelimit::RateLimiter& limiter,
                         plugins::PluginManager& plugins, storage::WriteQueue& queue,
                         storage::Database& db, ChatConfig config, std::string nodeId,
                         metrics::Registry& metrics)
    : store_(store),
      limiter_(limiter),
      plugins_(plugins),
      queue_(queue),
      db_(db),
      config_(config),
      ids_(std::move(nodeId)),
      accepted_(metrics.counter("streamit_chat_messages_total", "Chat messages accepted")),
      refusedDisabled_(metrics.counter("streamit_chat_refused_total", "Chat messages refused",
                                       {{"reason", "disabled"}})),
      refusedMuted_(metrics.counter("streamit_chat_refused_total", "Chat messages refused",
                                    {{"reason", "muted"}})),
      refusedRate_(metrics.counter("streamit_chat_refused_total", "Chat messages refused",
                                   {{"reason", "rate_limited"}})),
      refusedModeration_(metrics.counter("streamit_chat_refused_total", "Chat messages refused",
                                         {{"reason", "moderation"}})),
      moderationFailOpen_(
          metrics.counter("streamit_chat_moderation_failures_total",
                          "Moderation plugin errors or budget overruns, by the policy applied",
                          {{"policy", "open"}})),
      moderationFailClosed_(
          metrics.counter("streamit_chat_moderation_failures_total",
                          "Moderation plugin errors or budget overruns, by the policy applied",
                          {{"policy", "closed"}})),
      storeErrors_(metrics.counter("streamit_chat_store_errors_total",
                                   "Chat store calls that failed and were degraded open")),
      archiveDropped_(metrics.counter("streamit_chat_archive_dropped_total",
                                      "Chat archive rows the write queue refused")) {}

realtime::Millis ChatService::historyTtl() const {
  return realtime::Millis(std::max<std::int64_t>(1, config_.history_ttl_s) * 1000);
}

SendOutcome ChatService::send(const std::string& room, const Sender& sender, std::string_view text,
                              std::int64_t nowMs) {
  SendOutcome outcome;
  if (!enabled(room)) {
    refusedDisabled_.inc();
    outcome.refused = http::errors::kChatDisabled;
    outcome.message = "the host has turned chat off in this room";
    return outcome;
  }
  if (const auto until = mutedUntil(room, sender.user_id, nowMs)) {
    refusedMuted_.inc();
    outcome.refused = http::errors::kMuted;
    outcome.message = "you are muted in this room";
    outcome.retry_after_ms = *until - nowMs;
    return outcome;
  }
  // RateLimiter runs GCRA atomically in the store on the store's clock; when the store is down
  // it applies the same limit per process (so with N nodes up to N times the limit).
  const auto verdict = limiter_.check(
      "chat", limiterSubject(room, sender.user_id),
      ratelimit::Limit{config_.user_rate_per_s, std::max<std::int64_t>(1, config_.user_burst)});
  if (!verdict.allowed) {
    refusedRate_.inc();
    outcome.refused = http::errors::kRateLimited;
    outcome.message = "too many chat messages; slow down";
    outcome.retry_after_ms = std::max<std::int64_t>(1, verdict.retryAfterMs);
    return outcome;
  }
  Moderated moderated = moderate(room, sender, std::string(text));
  if (moderated.rejected) {
    refusedModeration_.inc();
    outcome.refused = http::errors::kMessageRejected;
    outcome.message = moderated.reason;
    return outcome;
  }
  ChatEntry entry{ids_.next(nowMs), sender.user_id, sender.display_name, std::move(moderated.text),
                  nowMs};
  append(room, entry);
  if (config_.archive && !enqueueArchive(queue_, room, entry))
    archiveDropped_.inc();
  accepted_.inc();
  outcome.accepted = std::move(entry);
  return outcome;
}

ChatService::Moderated ChatService::moderate(const std::string& room, const Sender& sender,
                                             std::string text) {
  const auto started = std::chrono::steady_clock::now();
  const auto budget = std::chrono::milliseconds(config_.moderation_budget_ms);
  // A failure (plugin error, bad rewrite, decision after the budget): fail open skips the rest
  // of the chain with the text so far, fail closed refuses the message.
  const auto fail = [&](const std::string& why) -> Moderated {
    static const log::Logger logger("chat");
    logger.warn(
        "moderation failed for room " + room + ": " + why +
        (config_.moderation_fail_open ? " (allowed: fail open)" : " (refused: fail closed)"));
    if (config_.moderation_fail_open) {
      moderationFailOpen_.inc();
      return Moderated{false, "", text};
    }
    moderationFailClosed_.inc();
    return Moderated{true, "moderation is unavailable; message not sent", ""};
  };
  for (const auto& moderator : plugins_.moderators()) {
    const plugins::ModeratorClient client(moderator);
    const auto result = client.moderate({room, sender.user_id, text});
    const bool late = std::chrono::steady_clock::now() - started > budget;
    // A refusal is honoured even when late: refusing is always safe.
    if (result.ok() && result.value.action == STREAMIT_MODERATION_REJECT) {
      return Moderated{
          true,
          result.value.reason.empty() ? "message rejected by moderation" : result.value.reason, ""};
    }
    if (late)
      return fail("the chain exceeded its " + std::to_string(config_.moderation_budget_ms) +
                  " ms budget");
    if (!result.ok()) {
      Moderated failed = fail("a moderator failed: " + result.error);
      if (failed.rejected)
        return failed;
      continue;  // fail open: this plugin is skipped, the rest of the chain still runs
    }
    if (result.value.action == STREAMIT_MODERATION_REWRITE) {
      auto rewritten = checkedRewrite(result.value.rewritten_text);
      if (!rewritten) {
        Moderated failed = fail("a moderator rewrote to invalid or empty text");
        if (failed.rejected)
          return failed;
        continue;
      }
      text = std::move(*rewritten);
    }
  }
  return Moderated{false, "", std::move(text)};
}

void ChatService::append(const std::string& room, const ChatEntry& entry) {
  try {
    std::unique_lock<std::mutex> lock(historyMutex_, std::defer_lock);
    if (store_.backendName() != "redis")
      lock.lock();
    store_.pushCapped(realtime::keys::roomChat(room), toJsonText(entry),
                      std::max<std::int64_t>(1, config_.history_max), historyTtl());
  } catch (const realtime::StoreUnavailable&) {
    storeErrors_.inc();
  }
}

std::vector<ChatEntry> ChatService::all(const std::string& room) {
  std::vector<ChatEntry> out;
  for (const auto& raw : store_.range(realtime::keys::roomChat(room), 0, -1)) {
    if (auto entry = entryFromJson(raw))
      out.push_back(std::move(*entry));
  }
  return out;
}

std::vector<ChatEntry> ChatService::recent(const std::string& room, std::size_t n) {
  std::vector<ChatEntry> out;
  if (n == 0)
    return out;
  for (const auto& raw :
       store_.range(realtime::keys::roomChat(room), -static_cast<std::int64_t>(n), -1)) {
    if (auto entry = entryFromJson(raw))
      out.push_back(std::move(*entry));
  }
  return out;
}

HistoryPage ChatService::history(const std::string& room, std::optional<std::string> before,
                                 std::size_t limit) {
  // The history holds at most history_max entries, so reading it whole is cheap. Ids sort by
  // time as strings, so a cursor still works after its own message was deleted or trimmed.
  std::vector<ChatEntry> entries = all(room);
  if (before) {
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const ChatEntry& e) { return e.id >= *before; }),
                  entries.end());
  }
  HistoryPage page;
  const std::size_t take = std::min(limit, entries.size());
  page.messages.assign(entries.end() - static_cast<std::ptrdiff_t>(take), entries.end());
  if (take < entries.size() && !page.messages.empty())
    page.next_before = page.messages.front().id;
  return page;
}

void ChatService::setEnabled(const std::string& room, bool enabled) {
  store_.hset(realtime::keys::roomChatSettings(room), {{"enabled", enabled ? "1" : "0"}},
              kSettingsTtl);
}

bool ChatService::enabled(const std::string& room) {
  try {
    const auto value = store_.hget(realtime::keys::roomChatSettings(room), "enabled");
    if (!value)
      return config_.enabled_by_default;
    return *value == "1";
  } catch (const realtime::StoreUnavailable&) {
    storeErrors_.inc();
    return config_.enabled_by_default;
  }
}

bool ChatService::remove(const std::string& room, const std::string& messageId) {
  const std::string key = realtime::keys::roomChat(room);
  const std::string prefix = storedPrefix(messageId);
  if (store_.backendName() == "redis") {
    return store_.eval(scripts::removeFromHistory(), {key}, {prefix}).integer == 1;
  }
  // The memory store's script context has no list primitives; in one process this mutex makes
  // the rewrite atomic with respect to every other history write (all go through append()).
  std::lock_guard lock(historyMutex_);
  std::vector<std::string> raw = store_.range(key, 0, -1);
  const auto it = std::find_if(raw.begin(), raw.end(), [&](const std::string& entry) {
    return entry.compare(0, prefix.size(), prefix) == 0;
  });
  if (it == raw.end())
    return false;
  raw.erase(it);
  store_.del({key});
  for (const auto& entry : raw)
    store_.pushCapped(key, entry, std::max<std::int64_t>(1, config_.history_max), historyTtl());
  return true;
}

std::optional<std::int64_t> ChatService::deadline(const std::string& key, const std::string& userId,
                                                  std::int64_t nowMs) {
  try {
    const auto value = store_.hget(key, userId);
    if (!value)
      return std::nullopt;
    const std::int64_t until = std::stoll(*value);
    if (until <= nowMs)
      return std::nullopt;
    return until;
  } catch (const realtime::StoreUnavailable&) {
    storeErrors_.inc();
    return std::nullopt;
  } catch (const std::logic_error&) {
    return std::nullopt;  // not a number: treated as no deadline
  }
}

void ChatService::setDeadline(const std::string& key, const std::string& userId,
                              std::int64_t untilMs, std::int64_t durationS) {
  store_.eval(scripts::setUserDeadline(), {key},
              {userId, std::to_string(untilMs),
               std::to_string(std::max<std::int64_t>(1, durationS) * 1000)});
}

void ChatService::mute(const std::string& room, const std::string& userId, std::int64_t durationS,
                       std::int64_t nowMs) {
  const std::string key = realtime::keys::roomChatMutes(room);
  if (durationS <= 0) {
    store_.hdel(key, {userId});
    return;
  }
  setDeadline(key, userId, nowMs + durationS * 1000, durationS);
}

void ChatService::kick(const std::string& room, const std::string& userId, std::int64_t durationS,
                       std::int64_t nowMs) {
  const std::string key = realtime::keys::roomChatKicks(room);
  if (durationS <= 0) {
    store_.hdel(key, {userId});
    return;
  }
  setDeadline(key, userId, nowMs + durationS * 1000, durationS);
}

std::optional<std::int64_t> ChatService::blockedUntil(const std::string& room,
                                                      const std::string& userId,
                                                      std::int64_t nowMs) {
  return deadline(realtime::keys::roomChatKicks(room), userId, nowMs);
}

std::optional<std::int64_t> ChatService::mutedUntil(const std::string& room,
                                                    const std::string& userId, std::int64_t nowMs) {
  return deadline(realtime::keys::roomChatMutes(room), userId, nowMs);
}

std::size_t ChatService::purgeArchive(std::int64_t nowMs) {
  if (!config_.archive)
    return 0;
  return deleteArchivedBefore(db_, nowMs - config_.archive_retention_s * 1000);
}

}  // namespace streamit::chat
