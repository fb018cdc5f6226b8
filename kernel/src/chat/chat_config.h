#pragma once

#include <cstddef>
#include <cstdint>

namespace streamit::chat {

// The `chat:` config section (docs/chat.md, docs/configuration.md).
struct ChatConfig {
  // Chat state of a room nobody has toggled yet.
  bool enabled_by_default = true;
  // Recent messages kept per room in the realtime store, and how long after the last message.
  std::int64_t history_max = 200;
  std::int64_t history_ttl_s = 86400;
  // Per user per room, shared by all nodes (GCRA): sustained rate and burst.
  double user_rate_per_s = 1.0;
  std::int64_t user_burst = 5;
  // Fan-out batching: a batch leaves when its oldest message is this old or it holds batch_max.
  std::int64_t batch_window_ms = 50;
  std::size_t batch_max = 50;
  // Time the whole moderation chain may take; over it, or on a plugin error, the message is
  // allowed (fail open) or refused (fail closed).
  std::int64_t moderation_budget_ms = 200;
  bool moderation_fail_open = true;
  // Optional durable copy in the database (table chat_archive), purged after the retention.
  bool archive = false;
  std::int64_t archive_retention_s = 604800;
};

}  // namespace streamit::chat
