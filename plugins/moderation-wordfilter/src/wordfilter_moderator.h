// moderator.wordfilter: rejects or masks listed words in chat messages, seeing through simple
// evasion (case, accents, spacing, look-alike characters, repeated letters).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamit/sdk/plugin.h"
#include "word_matcher.h"

namespace streamit::wordfilter {

inline constexpr const char* kPluginId = "moderator.wordfilter";

// JSON-Schema subset checked by the kernel before create(); create() re-checks what the subset
// cannot say (non-empty list, entry lengths, one mask character) and names the key.
inline constexpr const char* kConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["words"],
  "properties": {
    "words": {"type": "array", "items": {"type": "string"},
              "description": "blocked words (1..64 characters each, at least one); matched after normalization"},
    "action": {"type": "string", "enum": ["reject", "mask"], "default": "mask",
               "description": "reject the message, or replace the offending characters with mask_char"},
    "mask_char": {"type": "string", "default": "*",
                  "description": "one character (code point) written for each masked one"},
    "match_substrings": {"type": "boolean", "default": false,
                         "description": "also match inside longer words (\"class\" for \"ass\")"}
  }
})json";

enum class Action { kReject, kMask };

struct WordfilterConfig {
  std::vector<BlockedWord> words;
  Action action = Action::kMask;
  std::string maskChar = "*";
  bool matchSubstrings = false;
};

// Reads the (schema-validated) config JSON; throws std::invalid_argument naming the key.
WordfilterConfig parseWordfilterConfig(std::string_view json);

// Thread safety: immutable after construction; concurrent decide() calls are fine.
class WordfilterModerator final : public sdk::ChatModerator {
 public:
  explicit WordfilterModerator(sdk::Host host);

  // ALLOW when nothing matches; otherwise REJECT with a reason naming the rule (words[N], not
  // the word) or REWRITE with the offending code points masked.
  sdk::ModerationDecision decide(const sdk::ChatMessage& message) override;

 private:
  sdk::Host host_;
  WordfilterConfig config_;
};

}  // namespace streamit::wordfilter
