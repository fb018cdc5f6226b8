#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "playback/playback_state.h"

// Host playback commands as a pure function of (state, command, actor, now). The caller applies
// the result with a compare-and-set on the stored version (ARCHITECTURE.md §3.3) and broadcasts
// the accepted state; nothing here reads a clock or touches a store.
namespace streamit::playback {

struct PlayCommand {
  std::optional<double> position_s;  // absent: continue from the current position
};
struct PauseCommand {
  std::optional<double> position_s;  // absent: freeze where playback is at `now`
};
struct SeekCommand {
  double position_s = 0.0;
};
struct ChangeQualityCommand {
  std::string quality;
};
struct ChangeSubtitleCommand {
  std::optional<std::string> subtitle;  // nullopt turns subtitles off
};
struct SetSourceCommand {
  PlaybackSource source;
};

using PlaybackAction = std::variant<PlayCommand, PauseCommand, SeekCommand, ChangeQualityCommand,
                                    ChangeSubtitleCommand, SetSourceCommand>;

struct PlaybackCommand {
  PlaybackAction action;
  // When set, the command applies only to exactly this version (optimistic concurrency).
  std::optional<std::uint64_t> expected_version;
};

enum class RejectReason { kNotHost, kConflict, kValidation };
// "NOT_HOST", "CONFLICT", "VALIDATION" (the error codes sent to the client).
std::string_view toString(RejectReason reason);

struct CommandResult {
  // Accepted: the new state (version+1). Rejected: the current state, unchanged (the client
  // needs it to recover from CONFLICT).
  PlaybackState state;
  std::optional<RejectReason> rejection;
  std::string message;  // human-readable detail for rejections

  bool accepted() const { return !rejection.has_value(); }
};

// PLAY and SEEK-while-playing are scheduled at nowMs + leadMs so all clients start together;
// PAUSE, SEEK-while-paused and the rest take effect at nowMs. Non-host commands never change
// anything (NOT_HOST is checked first, so a non-host learns nothing else).
CommandResult applyCommand(const PlaybackState& state, const PlaybackCommand& command,
                           bool actorIsHost, std::int64_t nowMs, std::int64_t leadMs);

// How far ahead scheduled transitions are placed (SYNC.md "Scheduled transitions").
struct LeadPolicy {
  std::int64_t min_ms = 100;
  std::int64_t max_ms = 1000;
  // Covers the send/decode time on the server and the client's frame scheduling.
  std::int64_t margin_ms = 20;
  // Before any delay is measured (e.g. right after the room went live).
  std::int64_t no_samples_ms = 500;
};

// The nearest-rank 90th percentile of the finite, non-negative delays; nullopt without any.
std::optional<double> delayP90(std::span<const double> oneWayDelaysMs);

// lead = clamp(2 × p90(one-way delays) + margin, min, max). Samples that are negative or not
// finite are ignored. p90 is the nearest-rank percentile.
std::int64_t computeLeadMs(std::span<const double> oneWayDelaysMs, const LeadPolicy& policy = {});

}  // namespace streamit::playback
