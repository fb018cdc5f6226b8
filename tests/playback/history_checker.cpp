#include "playback/history_checker.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace streamit::testsupport {
namespace {

std::string where(const HistoryEntry& entry) {
  return "client " + entry.client + " room " + entry.room + " at t=" + std::to_string(entry.t_ms) +
         " (epoch " + std::to_string(entry.epoch) + ", version " + std::to_string(entry.version) +
         ")";
}

}  // namespace

void HistoryRecorder::record(HistoryEntry entry) {
  const std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
}

std::vector<HistoryEntry> HistoryRecorder::entries() const {
  std::vector<HistoryEntry> copy;
  {
    const std::lock_guard lock(mutex_);
    copy = entries_;
  }
  std::stable_sort(copy.begin(), copy.end(),
                   [](const HistoryEntry& a, const HistoryEntry& b) { return a.t_ms < b.t_ms; });
  return copy;
}

std::vector<Violation> checkMonotonic(const std::vector<HistoryEntry>& history) {
  std::vector<Violation> violations;
  // (client, room, epoch) → highest version seen so far.
  std::map<std::tuple<std::string, std::string, std::uint64_t>, std::uint64_t> highest;
  // (room, epoch, version) → the first state seen with that identity.
  std::map<std::tuple<std::string, std::uint64_t, std::uint64_t>, const HistoryEntry*> identity;
  for (const HistoryEntry& entry : history) {
    if (entry.event != HistoryEvent::kState) {
      continue;
    }
    const auto key = std::make_tuple(entry.client, entry.room, entry.epoch);
    const auto found = highest.find(key);
    if (found != highest.end() && entry.version < found->second) {
      violations.push_back(
          {"I1", where(entry) + ": version went back from " + std::to_string(found->second)});
    } else {
      highest[key] = entry.version;
    }
    if (!entry.state) {
      continue;
    }
    const auto id = std::make_tuple(entry.room, entry.epoch, entry.version);
    const auto [first, inserted] = identity.emplace(id, &entry);
    if (!inserted && first->second->state && *first->second->state != *entry.state) {
      violations.push_back({"I1", where(entry) + ": differs from the state " +
                                      first->second->client + " saw with the same version"});
    }
  }
  return violations;
}

std::vector<Violation> checkAuthority(const std::vector<HistoryEntry>& history) {
  std::vector<Violation> violations;
  std::set<std::tuple<std::string, std::uint64_t, std::uint64_t>> hostAcked;
  // (room, epoch) → the lowest version anyone observed: the baseline that predates the test.
  std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> baseline;
  for (const HistoryEntry& entry : history) {
    if (entry.event == HistoryEvent::kAck) {
      if (!entry.client_is_host) {
        violations.push_back({"I4", where(entry) + ": a non-host command was acknowledged"});
      } else {
        hostAcked.emplace(entry.room, entry.epoch, entry.version);
      }
    } else if (entry.event == HistoryEvent::kState) {
      const auto key = std::make_pair(entry.room, entry.epoch);
      const auto found = baseline.find(key);
      if (found == baseline.end() || entry.version < found->second) {
        baseline[key] = entry.version;
      }
    }
  }
  std::set<std::tuple<std::string, std::uint64_t, std::uint64_t>> reported;
  for (const HistoryEntry& entry : history) {
    if (entry.event != HistoryEvent::kState ||
        entry.version == baseline[std::make_pair(entry.room, entry.epoch)]) {
      continue;
    }
    const auto id = std::make_tuple(entry.room, entry.epoch, entry.version);
    if (hostAcked.count(id) == 0 && reported.insert(id).second) {
      violations.push_back(
          {"I4", where(entry) + ": state change not produced by an acknowledged host command"});
    }
  }
  return violations;
}

std::vector<Violation> checkConvergence(const std::vector<HistoryEntry>& history,
                                        const std::string& room, std::int64_t atMs,
                                        double toleranceS) {
  std::map<std::string, const HistoryEntry*> latest;
  for (const HistoryEntry& entry : history) {
    if (entry.room != room || entry.event != HistoryEvent::kState || entry.t_ms > atMs) {
      continue;
    }
    const HistoryEntry*& slot = latest[entry.client];
    if (slot == nullptr || entry.t_ms >= slot->t_ms) {
      slot = &entry;
    }
  }
  std::vector<Violation> violations;
  if (latest.empty()) {
    return violations;
  }
  const HistoryEntry& reference = *latest.begin()->second;
  double minPosition = 0.0;
  double maxPosition = 0.0;
  bool havePosition = false;
  for (const auto& [client, entry] : latest) {
    if (entry->epoch != reference.epoch || entry->version != reference.version) {
      violations.push_back({"I3", where(*entry) + ": differs from " + where(reference)});
    }
    if (!entry->state) {
      violations.push_back({"I3", where(*entry) + ": no state recorded"});
      continue;
    }
    const double position = playback::positionAt(*entry->state, atMs);
    minPosition = havePosition ? std::min(minPosition, position) : position;
    maxPosition = havePosition ? std::max(maxPosition, position) : position;
    havePosition = true;
  }
  if (havePosition && maxPosition - minPosition > toleranceS) {
    violations.push_back({"I3", "room " + room + " at t=" + std::to_string(atMs) +
                                    ": derived positions spread " +
                                    std::to_string(maxPosition - minPosition) + " s"});
  }
  return violations;
}

std::string describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const Violation& violation : violations) {
    text += violation.invariant + ": " + violation.detail + "\n";
  }
  return text;
}

}  // namespace streamit::testsupport
