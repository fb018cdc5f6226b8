#pragma once

#include "realtime/realtime_store.h"

// Atomic store scripts of the chat area (Lua for Redis, C++ for the memory store).
namespace streamit::chat::scripts {

// Records a per-user deadline in a room hash without shortening the hash's life:
//   KEYS[1] = the hash (mutes or kicks); ARGV[1] = user id; ARGV[2] = until ms;
//   ARGV[3] = ttl ms for this entry. The hash's TTL becomes max(current TTL, ARGV[3]).
//   Returns 1.
const realtime::Script& setUserDeadline();

// Deletes one message from a room's history list (Redis only: the memory store's script
// context has no list primitives, so ChatService serializes its own list rewrite there):
//   KEYS[1] = the history list; ARGV[1] = the stored prefix of the entry (chat_entry.h).
//   Returns 1 when an entry was removed, 0 when none matched.
const realtime::Script& removeFromHistory();

}  // namespace streamit::chat::scripts
