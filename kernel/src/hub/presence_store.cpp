#include "hub/presence_store.h"

#include <utility>

#include "hub/presence_rules.h"
#include "realtime/keys.h"
#include "realtime/realtime_store.h"

namespace streamit::hub {

PresenceStore::PresenceStore(realtime::RealtimeStore& store, std::string nodeId,
                             std::chrono::seconds ttl)
    : store_(store), nodeId_(std::move(nodeId)), ttl_(ttl) {}

void PresenceStore::write(Member& member, std::uint64_t epoch) {
  store_.hset(realtime::keys::roomParticipants(member.room),
              {{member.session_id, participantJson(member)}}, ttl_);
  if (member.is_host)
    store_.hset(realtime::keys::roomHostStatus(member.room), {{member.session_id, nodeId_}}, ttl_);
  store_.incrBy(realtime::keys::roomViewerCount(member.room), 1, ttl_);
  member.presence_epoch = epoch;
}

bool PresenceStore::remove(const Member& member) {
  const std::string& code = member.room;
  if (hasPresence(member.presence_epoch)) {
    store_.hdel(realtime::keys::roomParticipants(code), {member.session_id});
    store_.incrBy(realtime::keys::roomViewerCount(code), -1, ttl_);
  }
  if (!member.is_host)
    return false;
  store_.hdel(realtime::keys::roomHostStatus(code), {member.session_id});
  return store_.hgetall(realtime::keys::roomHostStatus(code)).empty();
}

std::int64_t PresenceStore::viewerCount(const std::string& code) {
  const auto stored = store_.get(realtime::keys::roomViewerCount(code));
  return stored ? std::stoll(*stored) : 0;
}

std::map<std::string, std::string> PresenceStore::participants(const std::string& code) {
  return store_.hgetall(realtime::keys::roomParticipants(code));
}

}  // namespace streamit::hub
