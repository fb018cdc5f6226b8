#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chat/chat_entry.h"
#include "storage/database.h"
#include "storage/write_queue.h"

// The optional durable chat archive (table chat_archive, migration 0004). Writes go through the
// WriteQueue so the room strand never waits for the database.
namespace streamit::chat {

// Never blocks; false when the queue refused the job (full or stopping; counted there).
bool enqueueArchive(storage::WriteQueue& queue, const std::string& room, const ChatEntry& entry);
// Deletes rows older than `cutoffMs` (ts_ms < cutoff); returns how many. Throws the database's
// errors (DatabaseUnavailable / QueryError).
std::size_t deleteArchivedBefore(storage::Database& db, std::int64_t cutoffMs);
// A room's archived messages, oldest first (for tests and exports).
std::vector<ChatEntry> archivedMessages(storage::Database& db, const std::string& room);

}  // namespace streamit::chat
