#pragma once

#include <cstddef>
#include <cstdint>

#include "ratelimit/gcra.h"

namespace streamit::hub {

// The `gateway:` config section: WebSocket I/O and the room work behind it.
struct HubConfig {
  // --- I/O (mapped onto gateway::GatewayConfig) ---
  // I/O loop threads; 0 = one per core.
  std::size_t io_threads = 0;
  // A reassembled client message larger than this closes the connection with 1009.
  std::size_t max_message_bytes = 65536;
  // Bytes queued for one slow connection before it is closed with 1013.
  std::size_t max_outbound_bytes = 1048576;
  // Server pings this often; a dead peer is closed within two intervals of its last byte.
  std::int64_t heartbeat_interval_ms = 15000;

  // --- Rooms on this node ---
  // Threads running room strands (store calls, plugin calls, lifecycle transitions).
  std::size_t workers = 2;
  // Presence deltas are coalesced and sent at most this often per room.
  std::int64_t presence_flush_ms = 250;
  // More joins+leaves than this in one window → only the count is sent.
  std::size_t presence_list_max = 50;
  // A room.snapshot lists at most this many participants (and always the total count).
  std::size_t snapshot_participants_max = 100;
  // Per-connection message limit (in process): sustained rate and burst.
  double message_rate_per_s = 20;
  std::int64_t message_burst = 40;
  // How far ahead PLAY / SEEK-while-playing are scheduled: 2 × the p90 one-way delay of the
  // room's members (half their measured ping round trip) + 20 ms, within [min, max];
  // playback_lead_ms until a delay was measured (SYNC.md "Scheduled transitions").
  std::int64_t playback_lead_ms = 300;
  std::int64_t playback_lead_min_ms = 150;
  std::int64_t playback_lead_max_ms = 1500;
  // While members report buffering, PLAY / SEEK-while-playing wait up to this long for them.
  std::int64_t buffering_wait_ms = 1500;
  // Each node marks itself alive this often (TTL 3×); a host whose node stopped doing so is
  // treated as gone, so a crashed node's rooms go to GRACE instead of staying LIVE.
  std::int64_t node_heartbeat_ms = 2000;
  // TTL of the presence keys; refreshed on every join.
  std::int64_t presence_ttl_s = 86400;
};

}  // namespace streamit::hub
