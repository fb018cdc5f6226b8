#include "wordfilter_moderator.h"

#include <stdexcept>

#include "streamit/sdk/config_reader.h"

namespace streamit::wordfilter {
namespace {

bool isOneCharacter(const std::string& s) {
  std::size_t codePoints = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++codePoints;
  }
  const auto chars = normalizeText(s);
  if (codePoints != 1 || chars.size() != 1)
    return false;  // several code points, or invalid UTF-8
  const NormChar& c = chars[0];
  if (c.kind == CharKind::kSpace || c.folded == 0xFFFD)
    return false;
  return !(c.folded < 0x20 || (c.folded >= 0x7F && c.folded <= 0x9F));
}

}  // namespace

WordfilterConfig parseWordfilterConfig(std::string_view json) {
  const sdk::ConfigReader reader(json);
  WordfilterConfig config;
  const auto words = reader.stringList("words");
  if (!words)
    throw std::invalid_argument("words: is required (a non-empty list of words)");
  if (words->empty())
    throw std::invalid_argument("words: must contain at least one word");
  for (std::size_t i = 0; i < words->size(); ++i) {
    std::string error;
    auto word = compileWord((*words)[i], i, error);
    if (!word)
      throw std::invalid_argument(error);
    config.words.push_back(std::move(*word));
  }
  const std::string action = reader.string("action").value_or("mask");
  if (action == "reject")
    config.action = Action::kReject;
  else if (action == "mask")
    config.action = Action::kMask;
  else
    throw std::invalid_argument("action: must be \"reject\" or \"mask\"");
  config.maskChar = reader.string("mask_char").value_or("*");
  if (!isOneCharacter(config.maskChar))
    throw std::invalid_argument(
        "mask_char: must be exactly one visible character (not white space or a control)");
  config.matchSubstrings = reader.boolean("match_substrings").value_or(config.matchSubstrings);
  return config;
}

WordfilterModerator::WordfilterModerator(sdk::Host host)
    : host_(host), config_(parseWordfilterConfig(host.configJson())) {}

sdk::ModerationDecision WordfilterModerator::decide(const sdk::ChatMessage& message) {
  sdk::ModerationDecision decision;
  const std::vector<NormChar> chars = normalizeText(message.text);
  const std::vector<WordMatch> matches = findWords(chars, config_.words, config_.matchSubstrings);
  if (matches.empty())
    return decision;  // ALLOW
  if (config_.action == Action::kReject) {
    host_.count("messages_rejected");
    decision.action = STREAMIT_MODERATION_REJECT;
    decision.reason = "message contains a blocked word (moderator.wordfilter rule words[" +
                      std::to_string(matches.front().rule) + "])";
    return decision;
  }
  host_.count("messages_masked");
  decision.action = STREAMIT_MODERATION_REWRITE;
  decision.reason = "blocked words masked (moderator.wordfilter)";
  decision.rewritten_text = maskMatches(message.text, chars, matches, config_.maskChar);
  return decision;
}

}  // namespace streamit::wordfilter
