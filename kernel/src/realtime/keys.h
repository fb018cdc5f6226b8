#pragma once

#include <string>
#include <string_view>

// The ONE place realtime key and channel names are built. Everything else calls these.
//
// Room keys put the room code in a Redis Cluster hash tag ("room:{ABC}:state") so every key of
// a room hashes to one slot and multi-key scripts over a room stay legal on a cluster. The
// store adds its configured prefix in front; the tag still applies because Redis hashes only
// the text between the first '{' and the next '}'.
//
// Every component must match [A-Za-z0-9_.:-]+; anything else (including '{', '}', '*', spaces)
// throws std::invalid_argument so user input can never forge another key or a glob.
namespace streamit::realtime::keys {

std::string roomState(std::string_view code);
std::string roomParticipants(std::string_view code);
std::string roomHostStatus(std::string_view code);
std::string roomChat(std::string_view code);
// Chat settings of a room (hash: enabled), mutes and kick blocks (hashes: user id → until ms).
std::string roomChatSettings(std::string_view code);
std::string roomChatMutes(std::string_view code);
std::string roomChatKicks(std::string_view code);
// The realtime copy of a room's record (rooms::RoomService), so lookups survive a DB outage.
std::string roomMeta(std::string_view code);
// Connections in the room across all nodes (INCRBY on join/leave; the presence count).
std::string roomViewerCount(std::string_view code);
// Each node's summary of its members' one-way delays in a room (hash: node id → p90 ms, sample
// count, written at ms), so the node applying a PLAY counts every node's members in the lead.
std::string roomDelays(std::string_view code);
// Pub/sub channel carrying a room's events between nodes.
std::string roomChannel(std::string_view code);
std::string rateLimit(std::string_view scope, std::string_view id);
std::string pluginCache(std::string_view pluginId, std::string_view key);
std::string wsTicket(std::string_view id);
std::string revokedJti(std::string_view jti);
// Present while the kernel node `nodeId` is alive (refreshed by its hub, short TTL).
std::string nodeAlive(std::string_view nodeId);
// The state of one refresh-token family (auth::RefreshFamilies): its current token's jti.
std::string refreshFamily(std::string_view family);

// True when `part` is non-empty and only contains [A-Za-z0-9_.:-].
bool isValidPart(std::string_view part);

}  // namespace streamit::realtime::keys
