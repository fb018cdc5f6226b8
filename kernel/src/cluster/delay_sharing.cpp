#include "cluster/delay_sharing.h"

#include <chrono>
#include <cmath>
#include <utility>
#include <vector>

#include "cluster/delay_summary.h"
#include "log/logger.h"
#include "playback/commands.h"
#include "realtime/keys.h"
#include "realtime/realtime_store.h"

namespace streamit::cluster {

DelaySharing::DelaySharing(realtime::RealtimeStore& store, std::string nodeId,
                           std::int64_t nodeHeartbeatMs)
    : store_(store), nodeId_(std::move(nodeId)), trustedMs_(kDelaySummaryBeats * nodeHeartbeatMs) {}

std::unordered_map<std::string, std::int64_t> DelaySharing::exchange(
    const std::string& code, std::span<const double> localOneWayMs, std::int64_t nowMs) {
  const auto key = realtime::keys::roomDelays(code);
  if (const auto p90 = playback::delayP90(localOneWayMs)) {
    // Rounded up: a shared summary never makes a lead shorter than this node's own would be.
    const DelaySummary summary{static_cast<std::int64_t>(std::ceil(*p90)),
                               static_cast<std::int64_t>(localOneWayMs.size()), nowMs};
    store_.hset(key, {{nodeId_, encodeDelaySummary(summary)}},
                std::chrono::milliseconds(trustedMs_));
  }
  // The key's TTL is refreshed by every writer, so entries age out by their own timestamp: a
  // node that died (or left without its hdel landing) is dropped here, and its field deleted.
  std::unordered_map<std::string, std::int64_t> remote;
  std::vector<std::string> lapsed;
  for (const auto& [node, text] : store_.hgetall(key)) {
    if (node == nodeId_)
      continue;
    const auto summary = decodeDelaySummary(text);
    if (!summary)
      continue;  // not ours to judge; its writer's TTL ends it
    if (nowMs - summary->written_ms > trustedMs_)
      lapsed.push_back(node);
    else
      remote.emplace(node, summary->p90_ms);
  }
  if (!lapsed.empty()) {
    try {
      store_.hdel(key, lapsed);
    } catch (const std::exception& e) {
      // The summaries just read are still right; the next beat deletes the lapsed ones.
      log::Logger("hub").warn("sharing member delays failed",
                              {{"room", code}, {"error", e.what()}});
    }
  }
  return remote;
}

void DelaySharing::forget(const std::string& code) {
  try {
    store_.hdel(realtime::keys::roomDelays(code), {nodeId_});
  } catch (const std::exception& e) {
    log::Logger("hub").warn("removing member delays failed", {{"room", code}, {"error", e.what()}});
  }
}

}  // namespace streamit::cluster
