// moderator.links: rejects messages with links, or strips the links, by a domain policy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "link_finder.h"
#include "streamit/sdk/plugin.h"

namespace streamit::links {

inline constexpr const char* kPluginId = "moderator.links";
inline constexpr const char* kRemovedLink = "[link removed]";

// JSON-Schema subset checked by the kernel before create(); create() re-checks what the subset
// cannot say (domain syntax, a list that fits the mode) and names the key.
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "mode": {"type": "string", "enum": ["deny_all", "allow_list", "deny_list"],
             "default": "allow_list",
             "description": "deny_all: no links; allow_list: only links to domains; deny_list: all but links to domains"},
    "domains": {"type": "array", "items": {"type": "string"}, "default": [],
                "description": "host names; each covers itself and its subdomains (IDN written as Unicode or xn--)"},
    "action": {"type": "string", "enum": ["reject", "strip"], "default": "reject",
               "description": "reject the message, or replace each refused link with [link removed]"}
  }
})json";

enum class Action { kReject, kStrip };

struct LinksConfig {
  Mode mode = Mode::kAllowList;
  std::vector<std::string> domains;  // normalized by normalizeHost()
  Action action = Action::kReject;
};

// Reads the (schema-validated) config JSON; throws std::invalid_argument naming the key.
LinksConfig parseLinksConfig(std::string_view json);

// The decision for `text` under `config`: ALLOW when every link passes; otherwise REJECT
// naming the first refused host, or REWRITE with each refused link replaced.
sdk::ModerationDecision moderateLinks(const LinksConfig& config, std::string_view text);

// Thread safety: immutable after construction; concurrent decide() calls are fine.
class LinksModerator final : public sdk::ChatModerator {
 public:
  explicit LinksModerator(sdk::Host host);

  sdk::ModerationDecision decide(const sdk::ChatMessage& message) override;

 private:
  sdk::Host host_;
  LinksConfig config_;
};

}  // namespace streamit::links
