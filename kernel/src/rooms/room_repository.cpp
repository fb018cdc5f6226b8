#include "rooms/room_repository.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <functional>

namespace streamit::rooms {
namespace {

using namespace Poco::Data::Keywords;

// NULL columns travel as a sentinel: Poco 1.11 has no NULL binding that works the same on
// SQLite and PostgreSQL, and no valid value of these columns is negative or empty.
constexpr Poco::Int64 kNoValue = -1;

Poco::Int64 orNone(const std::optional<std::int64_t>& value) {
  return value ? *value : kNoValue;
}
std::optional<std::int64_t> fromNone(Poco::Int64 value) {
  return value == kNoValue ? std::nullopt : std::optional<std::int64_t>(value);
}

constexpr const char* kColumns =
    "SELECT code, title, host_subject, host_display_name, is_public, state, lifecycle_version, "
    "created_ms, updated_ms, COALESCE(grace_deadline_ms, -1), COALESCE(expired_ms, -1), "
    "viewer_count, COALESCE(source_json, '') FROM rooms ";

// Runs kColumns + `tail`; `bind` adds the tail's parameters.
std::vector<RoomView> selectRooms(storage::Database& db, const std::string& tail,
                                  const std::function<void(Poco::Data::Statement&)>& bind) {
  std::vector<std::string> codes, titles, hosts, hostNames, states, sources;
  std::vector<int> publics;
  std::vector<Poco::Int64> versions, created, updated, grace, expired, viewers;
  db.withSession([&](Poco::Data::Session& session) {
    Poco::Data::Statement statement(session);
    statement << db.sql(std::string(kColumns) + tail), into(codes), into(titles), into(hosts),
        into(hostNames), into(publics), into(states), into(versions), into(created), into(updated),
        into(grace), into(expired), into(viewers), into(sources);
    bind(statement);
    statement.execute();
  });
  std::vector<RoomView> rooms(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    RoomView& r = rooms[i];
    r.code = codes[i];
    r.title = titles[i];
    r.host_subject = hosts[i];
    r.host_display_name = hostNames[i];
    r.is_public = publics[i] != 0;
    // An unknown spelling can only come from a newer binary; treat it as gone rather than guess.
    r.lifecycle.state = parseRoomState(states[i]).value_or(RoomState::kDeleted);
    r.lifecycle.version = static_cast<std::uint64_t>(versions[i]);
    r.lifecycle.created_ms = created[i];
    r.lifecycle.grace_deadline_ms = fromNone(grace[i]);
    r.lifecycle.expired_ms = fromNone(expired[i]);
    r.created_ms = created[i];
    r.updated_ms = updated[i];
    r.viewer_count = viewers[i];
    if (!sources[i].empty())
      r.source_json = sources[i];
  }
  return rooms;
}

}  // namespace

void RoomRepository::insert(const RoomView& room, std::optional<std::int64_t> deadlineMs) {
  std::string code = room.code, title = room.title, host = room.host_subject,
              hostName = room.host_display_name, state(toString(room.lifecycle.state)),
              source = room.source_json.value_or("");
  int isPublic = room.is_public ? 1 : 0;
  Poco::Int64 version = static_cast<Poco::Int64>(room.lifecycle.version);
  Poco::Int64 created = room.created_ms, updated = room.updated_ms,
              grace = orNone(room.lifecycle.grace_deadline_ms),
              expired = orNone(room.lifecycle.expired_ms), deadline = orNone(deadlineMs),
              viewers = room.viewer_count;
  db_.withSession([&](Poco::Data::Session& session) {
    session << db_.sql(
        "INSERT INTO rooms (code, title, host_subject, host_display_name, is_public, state, "
        "lifecycle_version, created_ms, updated_ms, grace_deadline_ms, expired_ms, deadline_ms, "
        "viewer_count, source_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "NULLIF(CAST(? AS BIGINT), -1), NULLIF(CAST(? AS BIGINT), -1), "
        "NULLIF(CAST(? AS BIGINT), -1), ?, NULLIF(?, ''))"),
        use(code), use(title), use(host), use(hostName), use(isPublic), use(state), use(version),
        use(created), use(updated), use(grace), use(expired), use(deadline), use(viewers),
        use(source), now;
  });
}

std::optional<RoomView> RoomRepository::find(const std::string& code) {
  std::string key = code;
  auto rooms =
      selectRooms(db_, "WHERE code = ?", [&key](Poco::Data::Statement& s) { s, use(key); });
  if (rooms.empty())
    return std::nullopt;
  return std::move(rooms.front());
}

bool RoomRepository::updateLifecycle(const std::string& code, std::uint64_t expectedVersion,
                                     const RoomLifecycle& next,
                                     std::optional<std::int64_t> deadlineMs,
                                     std::int64_t updatedMs) {
  std::string key = code, state(toString(next.state));
  Poco::Int64 version = static_cast<Poco::Int64>(next.version),
              expected = static_cast<Poco::Int64>(expectedVersion), updated = updatedMs,
              grace = orNone(next.grace_deadline_ms), expired = orNone(next.expired_ms),
              deadline = orNone(deadlineMs);
  std::size_t affected = 0;
  db_.withSession([&](Poco::Data::Session& session) {
    Poco::Data::Statement statement(session);
    statement << db_.sql(
        "UPDATE rooms SET state = ?, lifecycle_version = ?, updated_ms = ?, "
        "grace_deadline_ms = NULLIF(CAST(? AS BIGINT), -1), "
        "expired_ms = NULLIF(CAST(? AS BIGINT), -1), "
        "deadline_ms = NULLIF(CAST(? AS BIGINT), -1) "
        "WHERE code = ? AND lifecycle_version = ?"),
        use(state), use(version), use(updated), use(grace), use(expired), use(deadline), use(key),
        use(expected);
    affected = statement.execute();
  });
  return affected == 1;
}

bool RoomRepository::removeIfVersion(const std::string& code, std::uint64_t expectedVersion) {
  std::string key = code;
  Poco::Int64 expected = static_cast<Poco::Int64>(expectedVersion);
  std::size_t affected = 0;
  db_.withSession([&](Poco::Data::Session& session) {
    Poco::Data::Statement statement(session);
    statement << db_.sql("DELETE FROM rooms WHERE code = ? AND lifecycle_version = ?"), use(key),
        use(expected);
    affected = statement.execute();
  });
  return affected == 1;
}

bool RoomRepository::remove(const std::string& code) {
  std::string key = code;
  std::size_t affected = 0;
  db_.withSession([&](Poco::Data::Session& session) {
    Poco::Data::Statement statement(session);
    statement << db_.sql("DELETE FROM rooms WHERE code = ?"), use(key);
    affected = statement.execute();
  });
  return affected == 1;
}

std::vector<RoomView> RoomRepository::due(std::int64_t nowMs, int limit) {
  Poco::Int64 at = nowMs;
  int rows = limit;
  return selectRooms(db_, "WHERE deadline_ms <= ? ORDER BY deadline_ms, code LIMIT ?",
                     [&](Poco::Data::Statement& s) { s, use(at), use(rows); });
}

std::vector<RoomView> RoomRepository::live(const std::string& afterCode, int limit) {
  std::string after = afterCode;
  int rows = limit;
  return selectRooms(db_, "WHERE state = 'LIVE' AND code > ? ORDER BY code LIMIT ?",
                     [&](Poco::Data::Statement& s) { s, use(after), use(rows); });
}

std::vector<RoomView> RoomRepository::publicLive() {
  return selectRooms(db_, "WHERE state = 'LIVE' AND is_public = 1", [](Poco::Data::Statement&) {});
}

void RoomRepository::updateViewerCounts(const std::map<std::string, std::int64_t>& counts) {
  if (counts.empty())
    return;
  db_.withTransaction([&](Poco::Data::Session& session) {
    for (const auto& [code, count] : counts) {
      std::string key = code;
      Poco::Int64 viewers = count;
      session << db_.sql("UPDATE rooms SET viewer_count = ? WHERE code = ?"), use(viewers),
          use(key), now;
    }
  });
}

bool RoomRepository::savePlaybackSnapshot(const std::string& code, std::int64_t epoch,
                                          const std::string& json) {
  std::string key = code, text = json;
  Poco::Int64 e = epoch;
  std::size_t affected = 0;
  db_.withSession([&](Poco::Data::Session& session) {
    Poco::Data::Statement statement(session);
    statement << db_.sql("UPDATE rooms SET playback_epoch = ?, playback_json = ? WHERE code = ?"),
        use(e), use(text), use(key);
    affected = statement.execute();
  });
  return affected == 1;
}

std::optional<PlaybackSnapshot> RoomRepository::loadPlaybackSnapshot(const std::string& code) {
  std::string key = code;
  std::vector<Poco::Int64> epochs;
  std::vector<std::string> texts;
  db_.withSession([&](Poco::Data::Session& session) {
    session << db_.sql(
        "SELECT playback_epoch, playback_json FROM rooms "
        "WHERE code = ? AND playback_json IS NOT NULL"),
        into(epochs), into(texts), use(key), now;
  });
  if (epochs.empty())
    return std::nullopt;
  return PlaybackSnapshot{epochs.front(), texts.front()};
}

}  // namespace streamit::rooms
