#include "chat/chat_archive.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

namespace streamit::chat {

using namespace Poco::Data::Keywords;

bool enqueueArchive(storage::WriteQueue& queue, const std::string& room, const ChatEntry& entry) {
  return queue.tryEnqueue("chat_archive", [room, entry](storage::Database& db) {
    // Poco binds by reference and needs non-const lvalues of its own integer types.
    std::string roomCode = room, id = entry.id, user = entry.user_id, name = entry.display_name,
                text = entry.text;
    Poco::Int64 ts = entry.ts_ms;
    db.withSession([&](Poco::Data::Session& session) {
      session << db.sql(
          "INSERT INTO chat_archive (room, id, user_id, display_name, text, ts_ms) "
          "VALUES (?, ?, ?, ?, ?, ?)"),
          use(roomCode), use(id), use(user), use(name), use(text), use(ts), now;
    });
  });
}

std::size_t deleteArchivedBefore(storage::Database& db, std::int64_t cutoffMs) {
  Poco::Int64 cutoff = cutoffMs;
  std::size_t deleted = 0;
  db.withSession([&](Poco::Data::Session& session) {
    Poco::Data::Statement statement(session);
    statement << db.sql("DELETE FROM chat_archive WHERE ts_ms < ?"), use(cutoff);
    deleted = statement.execute();
  });
  return deleted;
}

std::vector<ChatEntry> archivedMessages(storage::Database& db, const std::string& room) {
  std::string roomCode = room;
  std::vector<std::string> ids, users, names, texts;
  std::vector<Poco::Int64> ts;
  db.withSession([&](Poco::Data::Session& session) {
    session << db.sql(
        "SELECT id, user_id, display_name, text, ts_ms FROM chat_archive "
        "WHERE room = ? ORDER BY id"),
        into(ids), into(users), into(names), into(texts), into(ts), use(roomCode), now;
  });
  std::vector<ChatEntry> out;
  for (std::size_t i = 0; i < ids.size(); ++i)
    out.push_back(ChatEntry{ids[i], users[i], names[i], texts[i], ts[i]});
  return out;
}

}  // namespace streamit::chat
