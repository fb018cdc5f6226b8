#include "playback/playback_engine.h"

#include <string>
#include <utility>
#include <vector>

#include "playback/playback_script.h"
#include "realtime/keys.h"

namespace streamit::playback {
namespace {

using realtime::Value;

// Both scripts answer {1}, {0, state JSON} or {-1}; anything else is a store fault.
std::int64_t replyStatus(const Value& reply) {
  if (reply.type != Value::Type::kArray || reply.array.empty() ||
      reply.array[0].type != Value::Type::kInteger) {
    throw realtime::StoreUnavailable("playback script: unexpected reply");
  }
  return reply.array[0].integer;
}

PlaybackState replyState(const Value& reply) {
  if (reply.array.size() < 2 || reply.array[1].type != Value::Type::kString)
    throw realtime::StoreUnavailable("playback script: reply without state");
  return playbackStateFromJsonString(reply.array[1].string);
}

}  // namespace

PlaybackEngine::PlaybackEngine(realtime::RealtimeStore& store, PlaybackSnapshots& snapshots,
                               EngineOptions options)
    : store_(store), snapshots_(snapshots), options_(std::move(options)) {}

std::optional<PlaybackState> PlaybackEngine::storeIfAbsent(const std::string& code,
                                                           const PlaybackState& state) {
  const Value reply =
      store_.eval(scripts::playbackStateInit(), {realtime::keys::roomState(code)},
                  {std::to_string(state.epoch), std::to_string(state.version), toJsonString(state),
                   std::to_string(options_.state_ttl.count())});
  if (replyStatus(reply) == 1)
    return std::nullopt;
  return replyState(reply);
}

PlaybackState PlaybackEngine::initialize(const std::string& code) {
  const PlaybackState initial;  // epoch 1, version 0, paused at 0, no source
  if (auto existing = storeIfAbsent(code, initial))
    return *existing;
  snapshots_.save(code, initial);
  return initial;
}

LoadResult PlaybackEngine::load(const std::string& code) {
  if (const auto stored = store_.hget(realtime::keys::roomState(code), "state"))
    return {playbackStateFromJsonString(*stored), false};
  std::optional<PlaybackState> snapshot = snapshots_.load(code);
  if (!snapshot)
    throw RoomStateMissing(code);
  PlaybackState rebuilt = std::move(*snapshot);
  ++rebuilt.epoch;
  rebuilt.version = 0;
  // Another node may have rebuilt first: its state wins, and it saved the snapshot. Our
  // members still need a full snapshot, so this is reported as a rebuild either way.
  if (auto winner = storeIfAbsent(code, rebuilt))
    return {std::move(*winner), true};
  snapshots_.save(code, rebuilt);
  return {std::move(rebuilt), true};
}

ApplyResult PlaybackEngine::apply(const std::string& code, const PlaybackCommand& command,
                                  bool actorIsHost, std::int64_t nowMs, std::int64_t leadMs) {
  const std::string key = realtime::keys::roomState(code);
  LoadResult loaded = load(code);
  bool rebuilt = loaded.rebuilt;
  PlaybackState current = std::move(loaded.state);
  for (int attempt = 0;; ++attempt) {
    CommandResult result = applyCommand(current, command, actorIsHost, nowMs, leadMs);
    if (!result.accepted())
      return {std::move(result), rebuilt};
    if (attempt > options_.max_cas_retries) {
      return {CommandResult{std::move(current), RejectReason::kConflict,
                            "too many concurrent playback commands; retry"},
              rebuilt};
    }
    const Value reply = store_.eval(
        scripts::playbackStateCas(), {key},
        {std::to_string(current.epoch), std::to_string(current.version), toJsonString(result.state),
         std::to_string(result.state.version), std::to_string(options_.state_ttl.count())});
    const std::int64_t status = replyStatus(reply);
    if (status == 1) {
      snapshots_.save(code, result.state);
      return {std::move(result), rebuilt};
    }
    if (status == 0) {
      // Lost the race: re-apply to the state that won. A stale expected_version now fails
      // inside applyCommand, exactly as if the command had arrived second.
      current = replyState(reply);
      continue;
    }
    // The key vanished between read and write: rebuild, then apply to the rebuilt state.
    loaded = load(code);
    rebuilt = rebuilt || loaded.rebuilt;
    current = std::move(loaded.state);
  }
}

std::int64_t PlaybackEngine::leadMs(std::span<const double> oneWayDelaysMs) const {
  return computeLeadMs(oneWayDelaysMs, options_.lead);
}

void PlaybackEngine::erase(const std::string& code) {
  store_.del({realtime::keys::roomState(code)});
}

}  // namespace streamit::playback
