#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "gateway/gateway.h"
#include "hub/hub_config.h"
#include "hub/hub_session.h"

// How far ahead a scheduled PLAY / SEEK-while-playing is placed for a room's members on every
// node (SYNC.md "Scheduled transitions", docs/realtime.md "Playback commands"). Pure: the hub
// gathers the inputs on the room's strand and applies the result.
namespace streamit::hub {

struct LeadSettings {
  std::int64_t no_samples_ms = 300;  // before any member's delay is known
  std::int64_t min_ms = 150;
  std::int64_t max_ms = 1500;
  // Covers send and decode time on the server and the client's frame scheduling.
  std::int64_t margin_ms = 20;
  // While members report buffering, a scheduled start waits this long for them.
  std::int64_t buffering_wait_ms = 1500;

  static LeadSettings from(const HubConfig& config);
};

// Every measured member's one-way delay (ms): half its last ping round trip; members not
// measured yet are left out.
std::vector<double> oneWayDelaysMs(
    const std::unordered_map<gateway::ConnectionId, std::shared_ptr<Member>>& members);

// A buffering report older than this is ignored: its client vanished mid-buffer.
inline constexpr std::int64_t kBufferingReportTtlMs = 30'000;

// Drops the reports (session → reported at ms) older than kBufferingReportTtlMs at `nowMs`.
void expireBufferingReports(std::unordered_map<std::string, std::int64_t>& buffering,
                            std::int64_t nowMs);

// lead = clamp(2 × p90 + margin, min, max) over this node's members' one-way delays, no
// shorter than the same formula over the slowest other node's p90 (`remoteP90Ms`, node →
// ms); no_samples_ms when no delay is known anywhere. While anyone buffers, at least
// buffering_wait_ms — but never more, so one stuck client cannot hold the room.
std::int64_t playbackLeadMs(std::span<const double> localOneWayMs,
                            const std::unordered_map<std::string, std::int64_t>& remoteP90Ms,
                            bool anyoneBuffering, const LeadSettings& settings);

}  // namespace streamit::hub
