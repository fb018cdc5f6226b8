#include "plugins/plugin_status.h"

#include <algorithm>
#include <iomanip>
#include <ostream>

namespace streamit::plugins {

std::string_view loadStateName(LoadState state) {
  switch (state) {
    case LoadState::kLoaded:
      return "loaded";
    case LoadState::kRefused:
      return "refused";
    case LoadState::kFailed:
      return "failed";
  }
  return "unknown";
}

void printPluginList(const std::vector<PluginStatus>& statuses, std::ostream& out) {
  auto dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::size_t idWidth = 2, versionWidth = 7;
  for (const auto& s : statuses) {
    idWidth = std::max(idWidth, s.id.size());
    versionWidth = std::max(versionWidth, dash(s.version).size());
  }
  auto row = [&](const std::string& id, const std::string& version, const std::string& kind,
                 const std::string& abi, const std::string& status, const std::string& required,
                 const std::string& reason) {
    out << std::left << std::setw(static_cast<int>(idWidth)) << id << "  "
        << std::setw(static_cast<int>(versionWidth)) << version << "  " << std::setw(9) << kind
        << "  " << std::setw(5) << abi << "  " << std::setw(7) << status << "  " << std::setw(8)
        << required << "  " << reason << '\n';
  };
  row("ID", "VERSION", "KIND", "ABI", "STATUS", "REQUIRED", "REASON");
  for (const auto& s : statuses) {
    row(s.id, dash(s.version), dash(s.kind), dash(s.abi), std::string(loadStateName(s.state)),
        s.required ? "yes" : "no", dash(s.reason));
  }
}

}  // namespace streamit::plugins
