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

LoadResult replyState(const Value& reply) {
  if (reply.array.size() < 2 || reply.array[1].type != Value::Type::kString)
    throw realtime::StoreUnavailable("playback script: reply without state");
  const std::string& json = reply.array[1].string;
  return {playbackStateFromJsonString(json), json, false};
}

}  // namespace

PlaybackEngine::PlaybackEngine(realtime::RealtimeStore& store, PlaybackSnapshots& snapshots,
                               EngineOptions options)
    : store_(store), snapshots_(snapshots), options_(options) {}

std::optional<LoadResult> PlaybackEngine::storeIfAbsent(const std::string& code,
                                                        const PlaybackState& state,
                                                        const std::string& json) {
  const Value reply = store_.eval(scripts::playbackStateInit(), {realtime::keys::roomState(code)},
                                  {std::to_string(state.epoch), std::to_string(state.version), json,
                                   std::to_string(options_.state_ttl.count())});
  if (replyStatus(reply) == 1)
    return std::nullopt;
  return replyState(reply);
}

LoadResult PlaybackEngine::initialize(const std::string& code) {
  PlaybackState initial;  // epoch 1, version 0, paused at 0, no source
  std::string json = toJsonString(initial);
  if (auto existing = storeIfAbsent(code, initial, json))
    return std::move(*existing);
  snapshots_.save(code, initial);
  return {std::move(initial), std::move(json), false};
}

LoadResult PlaybackEngine::load(const std::string& code) {
  if (auto stored = store_.hget(realtime::keys::roomState(code), "state")) {
    PlaybackState state = playbackStateFromJsonString(*stored);
    return {std::move(state), std::move(*stored), false};
  }
  std::optional<PlaybackState> snapshot = snapshots_.load(code);
  if (!snapshot)
    throw RoomStateMissing(code);
  PlaybackState rebuilt = std::move(*snapshot);
  ++rebuilt.epoch;
  rebuilt.version = 0;
  // Another node may have rebuilt first: its state wins, and it saved the snapshot. Our
  // members still need a full snapshot, so this is reported as a rebuild either way.
  std::string json = toJsonString(rebuilt);
  if (auto winner = storeIfAbsent(code, rebuilt, json)) {
    winner->rebuilt = true;
    return std::move(*winner);
  }
  snapshots_.save(code, rebuilt);
  return {std::move(rebuilt), std::move(json), true};
}

ApplyResult PlaybackEngine::apply(const std::string& code, const PlaybackCommand& command,
                                  bool actorIsHost, std::int64_t nowMs, std::int64_t leadMs,
                                  const KnownState* known) {
  const std::string key = realtime::keys::roomState(code);
  LoadResult current = known ? LoadResult{known->state, known->json, false} : load(code);
  bool fresh = known == nullptr;  // `current` was read from the store by this call
  bool rebuilt = current.rebuilt;
  int lostRaces = 0;  // a stale hint is not a race: only fresh states count
  while (true) {
    CommandResult result = applyCommand(current.state, command, actorIsHost, nowMs, leadMs);
    if (!result.accepted() && !fresh) {
      // A refusal (stale expected_version, ...) must be judged on the stored state.
      current = load(code);
      fresh = true;
      rebuilt = rebuilt || current.rebuilt;
      continue;
    }
    if (!result.accepted())
      return {std::move(result), rebuilt, std::move(current.json)};
    if (lostRaces > options_.max_cas_retries) {
      return {CommandResult{std::move(current.state), RejectReason::kConflict,
                            "too many concurrent playback commands; retry"},
              rebuilt, std::move(current.json)};
    }
    std::string json = toJsonString(result.state);
    const Value reply = store_.eval(scripts::playbackStateCas(), {key},
                                    {current.json, json, std::to_string(result.state.version),
                                     std::to_string(options_.state_ttl.count())});
    const std::int64_t status = replyStatus(reply);
    if (status == 1) {
      snapshots_.save(code, result.state);
      return {std::move(result), rebuilt, std::move(json)};
    }
    if (status == 0 && fresh)
      ++lostRaces;
    fresh = true;
    if (status == 0) {
      // Lost the race (or the hint was stale): re-apply to the state that is stored. A stale
      // expected_version now fails inside applyCommand, as if the command had arrived second.
      current = replyState(reply);
      continue;
    }
    // The key vanished between read and write: rebuild, then apply to the rebuilt state.
    current = load(code);
    rebuilt = rebuilt || current.rebuilt;
  }
}

void PlaybackEngine::erase(const std::string& code) {
  store_.del({realtime::keys::roomState(code)});
}

}  // namespace streamit::playback
