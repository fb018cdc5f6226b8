#include "links_moderator.h"

#include <stdexcept>

#include "streamit/sdk/config_reader.h"

namespace streamit::links {
namespace {

constexpr std::size_t kMaxHostInReason = 100;

const char* modeName(Mode mode) {
  switch (mode) {
    case Mode::kDenyAll:
      return "deny_all";
    case Mode::kAllowList:
      return "allow_list";
    case Mode::kDenyList:
      return "deny_list";
  }
  return "?";
}

}  // namespace

LinksConfig parseLinksConfig(std::string_view json) {
  const sdk::ConfigReader reader(json);
  LinksConfig config;
  const std::string mode = reader.string("mode").value_or("allow_list");
  if (mode == "deny_all")
    config.mode = Mode::kDenyAll;
  else if (mode == "allow_list")
    config.mode = Mode::kAllowList;
  else if (mode == "deny_list")
    config.mode = Mode::kDenyList;
  else
    throw std::invalid_argument("mode: must be \"deny_all\", \"allow_list\" or \"deny_list\"");

  const auto domains = reader.stringList("domains").value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < domains.size(); ++i) {
    const auto host = normalizeHost(domains[i]);
    if (!host) {
      throw std::invalid_argument("domains: entry " + std::to_string(i) +
                                  " is not a host name (write the host only, e.g. "
                                  "example.com, without scheme, port or path)");
    }
    config.domains.push_back(*host);
  }
  if (config.mode == Mode::kDenyList && config.domains.empty())
    throw std::invalid_argument("domains: must list at least one domain when mode is deny_list");
  if (config.mode == Mode::kDenyAll && !config.domains.empty())
    throw std::invalid_argument("domains: must be empty when mode is deny_all (it is not used)");

  const std::string action = reader.string("action").value_or("reject");
  if (action == "reject")
    config.action = Action::kReject;
  else if (action == "strip")
    config.action = Action::kStrip;
  else
    throw std::invalid_argument("action: must be \"reject\" or \"strip\"");
  return config;
}

sdk::ModerationDecision moderateLinks(const LinksConfig& config, std::string_view text) {
  sdk::ModerationDecision decision;
  std::vector<FoundLink> refused;
  for (FoundLink& link : findLinks(text)) {
    if (!linkAllowed(config.mode, link.host, config.domains))
      refused.push_back(std::move(link));
  }
  if (refused.empty())
    return decision;  // ALLOW
  if (config.action == Action::kReject) {
    decision.action = STREAMIT_MODERATION_REJECT;
    decision.reason = "links to " + refused.front().host.substr(0, kMaxHostInReason) +
                      " are not allowed here (moderator.links mode " + modeName(config.mode) + ")";
    return decision;
  }
  decision.action = STREAMIT_MODERATION_REWRITE;
  decision.reason = "links removed (moderator.links)";
  std::size_t at = 0;
  for (const FoundLink& link : refused) {
    decision.rewritten_text.append(text.substr(at, link.begin - at));
    decision.rewritten_text += kRemovedLink;
    at = link.end;
  }
  decision.rewritten_text.append(text.substr(at));
  return decision;
}

LinksModerator::LinksModerator(sdk::Host host)
    : host_(host), config_(parseLinksConfig(host.configJson())) {}

sdk::ModerationDecision LinksModerator::decide(const sdk::ChatMessage& message) {
  sdk::ModerationDecision decision = moderateLinks(config_, message.text);
  if (decision.action == STREAMIT_MODERATION_REJECT)
    host_.count("messages_rejected");
  else if (decision.action == STREAMIT_MODERATION_REWRITE)
    host_.count("messages_stripped");
  return decision;
}

}  // namespace streamit::links
