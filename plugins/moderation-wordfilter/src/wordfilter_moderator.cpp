#include "wordfilter_moderator.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace streamit::wordfilter {
namespace {

Poco::JSON::Object::Ptr parseObject(std::string_view json) {
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(std::string(json.empty() ? std::string_view("{}") : json));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
      return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    // reported below like any other non-object
  }
  throw std::invalid_argument("config: must be a JSON object");
}

std::string stringKey(const Poco::JSON::Object::Ptr& object, const std::string& key,
                      const std::string& fallback) {
  if (!object->has(key))
    return fallback;
  const auto value = object->get(key);
  if (!value.isString())
    throw std::invalid_argument(key + ": must be a string");
  return value.extract<std::string>();
}

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
  const auto object = parseObject(json);
  WordfilterConfig config;
  if (!object->has("words"))
    throw std::invalid_argument("words: is required (a non-empty list of words)");
  const auto array = object->getArray("words");
  if (!array)
    throw std::invalid_argument("words: must be an array of strings");
  if (array->size() == 0)
    throw std::invalid_argument("words: must contain at least one word");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned int>(i));
    if (!value.isString())
      throw std::invalid_argument("words: entry " + std::to_string(i) + " must be a string");
    std::string error;
    auto word = compileWord(value.extract<std::string>(), i, error);
    if (!word)
      throw std::invalid_argument(error);
    config.words.push_back(std::move(*word));
  }
  const std::string action = stringKey(object, "action", "mask");
  if (action == "reject")
    config.action = Action::kReject;
  else if (action == "mask")
    config.action = Action::kMask;
  else
    throw std::invalid_argument("action: must be \"reject\" or \"mask\"");
  config.maskChar = stringKey(object, "mask_char", "*");
  if (!isOneCharacter(config.maskChar))
    throw std::invalid_argument(
        "mask_char: must be exactly one visible character (not white space or a control)");
  if (object->has("match_substrings")) {
    const auto value = object->get("match_substrings");
    if (!value.isBoolean())
      throw std::invalid_argument("match_substrings: must be true or false");
    config.matchSubstrings = value.extract<bool>();
  }
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
