#include "playback/commands.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace streamit::playback {
namespace {

CommandResult reject(const PlaybackState& state, RejectReason reason, std::string message) {
  return CommandResult{state, reason, std::move(message)};
}

CommandResult accept(PlaybackState next) {
  ++next.version;
  return CommandResult{std::move(next), std::nullopt, {}};
}

// Empty when `position` is a valid target for `state`'s source, else the reason.
std::string checkPosition(const PlaybackState& state, double position) {
  if (!std::isfinite(position)) {
    return "position_s must be a finite number";
  }
  if (position < 0.0) {
    return "position_s must not be negative";
  }
  if (state.source && state.source->duration_s && position > *state.source->duration_s) {
    return "position_s is beyond the duration";
  }
  return {};
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string checkSource(const PlaybackSource& source) {
  if (source.provider.empty() || source.stream_id.empty() || source.kind.empty()) {
    return "source needs provider, stream_id and kind";
  }
  if (source.url.empty() && source.embed_url.empty()) {
    return "source needs a url or an embed_url";
  }
  if (source.duration_s && (!std::isfinite(*source.duration_s) || *source.duration_s <= 0.0)) {
    return "source duration_s must be a positive finite number";
  }
  for (const std::string& quality : source.qualities) {
    if (quality.empty()) {
      return "source qualities must not be empty strings";
    }
  }
  for (const std::string& subtitle : source.subtitles) {
    if (subtitle.empty()) {
      return "source subtitles must not be empty strings";
    }
  }
  return {};
}

// Starts (or restarts) the timeline at `position` at the scheduled instant.
PlaybackState scheduleStart(PlaybackState state, double position, std::int64_t startMs) {
  state.status = PlaybackStatus::kPlaying;
  state.position_s = position;
  state.ref_server_ms = startMs;
  return state;
}

PlaybackState freeze(PlaybackState state, double position, std::int64_t nowMs) {
  state.status = PlaybackStatus::kPaused;
  state.position_s = position;
  state.ref_server_ms = nowMs;
  return state;
}

class ActionApplier {
 public:
  ActionApplier(const PlaybackState& state, std::int64_t nowMs, std::int64_t leadMs)
      : state_(state), nowMs_(nowMs), startMs_(nowMs + std::max<std::int64_t>(leadMs, 0)) {}

  CommandResult operator()(const PlayCommand& play) const {
    if (!state_.source) {
      return reject(state_, RejectReason::kValidation, "no source to play");
    }
    if (play.position_s) {
      if (std::string error = checkPosition(state_, *play.position_s); !error.empty()) {
        return reject(state_, RejectReason::kValidation, error);
      }
      return accept(scheduleStart(state_, *play.position_s, startMs_));
    }
    if (state_.status == PlaybackStatus::kPlaying) {
      // Already playing: keep the timeline (re-anchoring would make clients jump); the bumped
      // version re-broadcasts it so a confused client can resync.
      return accept(state_);
    }
    return accept(scheduleStart(state_, state_.position_s, startMs_));
  }

  CommandResult operator()(const PauseCommand& pause) const {
    double position = positionAt(state_, nowMs_);
    if (pause.position_s) {
      if (std::string error = checkPosition(state_, *pause.position_s); !error.empty()) {
        return reject(state_, RejectReason::kValidation, error);
      }
      position = *pause.position_s;
    }
    return accept(freeze(state_, position, nowMs_));
  }

  CommandResult operator()(const SeekCommand& seek) const {
    if (!state_.source) {
      return reject(state_, RejectReason::kValidation, "no source to seek in");
    }
    if (std::string error = checkPosition(state_, seek.position_s); !error.empty()) {
      return reject(state_, RejectReason::kValidation, error);
    }
    if (state_.status == PlaybackStatus::kPlaying) {
      return accept(scheduleStart(state_, seek.position_s, startMs_));
    }
    return accept(freeze(state_, seek.position_s, nowMs_));
  }

  CommandResult operator()(const ChangeQualityCommand& change) const {
    const bool known = change.quality == kAutoQuality ||
                       (state_.source && contains(state_.source->qualities, change.quality));
    if (!known) {
      return reject(state_, RejectReason::kValidation, "unknown quality");
    }
    PlaybackState next = state_;
    next.quality = change.quality;
    return accept(std::move(next));
  }

  CommandResult operator()(const ChangeSubtitleCommand& change) const {
    if (change.subtitle &&
        !(state_.source && contains(state_.source->subtitles, *change.subtitle))) {
      return reject(state_, RejectReason::kValidation, "unknown subtitle");
    }
    PlaybackState next = state_;
    next.subtitle = change.subtitle;
    return accept(std::move(next));
  }

  CommandResult operator()(const SetSourceCommand& set) const {
    if (std::string error = checkSource(set.source); !error.empty()) {
      return reject(state_, RejectReason::kValidation, error);
    }
    // A new title starts paused at 0 with default options; epoch is untouched because the
    // version sequence continues (epoch only marks lost realtime state).
    PlaybackState next = state_;
    next.source = set.source;
    next.status = PlaybackStatus::kPaused;
    next.position_s = 0.0;
    next.ref_server_ms = nowMs_;
    next.rate = 1.0;
    next.quality = std::string(kAutoQuality);
    next.subtitle.reset();
    return accept(std::move(next));
  }

 private:
  const PlaybackState& state_;
  std::int64_t nowMs_;
  std::int64_t startMs_;
};

}  // namespace

std::string_view toString(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNotHost:
      return "NOT_HOST";
    case RejectReason::kConflict:
      return "CONFLICT";
    case RejectReason::kValidation:
      return "VALIDATION";
  }
  return "UNKNOWN";
}

CommandResult applyCommand(const PlaybackState& state, const PlaybackCommand& command,
                           bool actorIsHost, std::int64_t nowMs, std::int64_t leadMs) {
  if (!actorIsHost) {
    return reject(state, RejectReason::kNotHost, "only the host controls playback");
  }
  if (command.expected_version && *command.expected_version != state.version) {
    return reject(state, RejectReason::kConflict,
                  "expected version " + std::to_string(*command.expected_version) +
                      ", current is " + std::to_string(state.version));
  }
  return std::visit(ActionApplier(state, nowMs, leadMs), command.action);
}

std::optional<double> delayP90(std::span<const double> oneWayDelaysMs) {
  std::vector<double> delays;
  delays.reserve(oneWayDelaysMs.size());
  for (const double delay : oneWayDelaysMs) {
    if (std::isfinite(delay) && delay >= 0.0) {
      delays.push_back(delay);
    }
  }
  if (delays.empty()) {
    return std::nullopt;
  }
  // Nearest rank: the smallest sample with at least 90% of the samples at or below it.
  const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(delays.size())));
  const std::size_t index = std::max<std::size_t>(rank, 1) - 1;
  std::nth_element(delays.begin(), delays.begin() + static_cast<std::ptrdiff_t>(index),
                   delays.end());
  return delays[index];
}

std::int64_t computeLeadMs(std::span<const double> oneWayDelaysMs, const LeadPolicy& policy) {
  const std::int64_t upper = std::max(policy.min_ms, policy.max_ms);
  const std::optional<double> p90 = delayP90(oneWayDelaysMs);
  if (!p90) {
    return std::clamp(policy.no_samples_ms, policy.min_ms, upper);
  }
  const double lead = std::ceil(2.0 * std::min(*p90, static_cast<double>(upper)) +
                                static_cast<double>(policy.margin_ms));
  return std::clamp(static_cast<std::int64_t>(lead), policy.min_ms, upper);
}

}  // namespace streamit::playback
