#include "hub/playback_lead.h"

#include <algorithm>
#include <array>

#include "playback/commands.h"

namespace streamit::hub {

LeadSettings LeadSettings::from(const HubConfig& config) {
  LeadSettings settings;
  settings.no_samples_ms = config.playback_lead_ms;
  settings.min_ms = config.playback_lead_min_ms;
  settings.max_ms = config.playback_lead_max_ms;
  settings.buffering_wait_ms = config.buffering_wait_ms;
  return settings;
}

std::vector<double> oneWayDelaysMs(
    const std::unordered_map<gateway::ConnectionId, std::shared_ptr<Member>>& members) {
  std::vector<double> oneWayMs;
  oneWayMs.reserve(members.size());
  for (const auto& [id, member] : members) {
    const std::int64_t rttUs = member->rtt_us.load();
    if (rttUs >= 0)
      oneWayMs.push_back(static_cast<double>(rttUs) / 2000.0);
  }
  return oneWayMs;
}

void expireBufferingReports(std::unordered_map<std::string, std::int64_t>& buffering,
                            std::int64_t nowMs) {
  std::erase_if(buffering,
                [&](const auto& entry) { return nowMs - entry.second > kBufferingReportTtlMs; });
}

std::int64_t playbackLeadMs(std::span<const double> localOneWayMs,
                            const std::unordered_map<std::string, std::int64_t>& remoteP90Ms,
                            bool anyoneBuffering, const LeadSettings& settings) {
  const playback::LeadPolicy policy{settings.min_ms, settings.max_ms, settings.margin_ms,
                                    settings.no_samples_ms};
  std::int64_t lead = playback::computeLeadMs(localOneWayMs, policy);
  // Members on other nodes count through their node's p90. The room's true p90 cannot be
  // rebuilt from per-node p90s, but it is never above the largest of them (90% of every node's
  // members are at or below it), so the slowest p90 of all nodes is a safe bound: no node's
  // majority is started late, and one slow node costs no more than one slow member does here.
  if (!remoteP90Ms.empty()) {
    std::int64_t slowest = 0;
    for (const auto& [node, p90Ms] : remoteP90Ms)
      slowest = std::max(slowest, p90Ms);
    const std::array<double, 1> remote{static_cast<double>(slowest)};
    const std::int64_t remoteLead = playback::computeLeadMs(remote, policy);
    lead = localOneWayMs.empty() ? remoteLead : std::max(lead, remoteLead);
  }
  if (!anyoneBuffering)
    return lead;
  return std::max(lead, settings.buffering_wait_ms);
}

}  // namespace streamit::hub
