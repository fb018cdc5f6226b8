#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace streamit::plugins {

enum class LoadState {
  kLoaded,   // create() succeeded; the instance is in use
  kRefused,  // a check failed before any plugin code ran (file, symbol, descriptor, config)
  kFailed,   // plugin code ran and failed (dlopen constructors, entry, create)
};

std::string_view loadStateName(LoadState state);

// One configured instance as operators see it (`streamit plugins list`, /readyz, logs).
struct PluginStatus {
  std::string id;       // configured id
  std::string library;  // configured file name
  bool required = false;
  std::string version;  // from the descriptor; empty when it was never read
  std::string kind;     // "provider" | "auth" | "moderator" | "catalog" | ""
  std::string abi;      // "major.minor" the plugin was built against; empty when unknown
  LoadState state = LoadState::kRefused;
  std::string reason;  // empty when loaded
};

// The `streamit plugins list` table: ID VERSION KIND ABI STATUS REQUIRED REASON.
void printPluginList(const std::vector<PluginStatus>& statuses, std::ostream& out);

}  // namespace streamit::plugins
