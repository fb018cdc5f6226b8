#include "auth/token_keys.h"

#include <set>
#include <stdexcept>

#include "auth/key_file.h"
#include "log/logger.h"

namespace streamit::auth {
namespace {

constexpr std::size_t kMaxKeyIdLength = 64;

bool validKeyId(std::string_view id) {
  if (id.empty() || id.size() > kMaxKeyIdLength)
    return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> checkKeySet(const std::vector<TokenKey>& keys) {
  if (keys.empty())
    return "no keys configured; tokens could be neither signed nor verified";
  std::set<std::string> ids;
  std::size_t signing = 0;
  for (const auto& key : keys) {
    if (!validKeyId(key.id)) {
      return "key id '" + key.id + "' must be 1-" + std::to_string(kMaxKeyIdLength) +
             " characters of [A-Za-z0-9._-]";
    }
    if (!ids.insert(key.id).second)
      return "key id '" + key.id + "' is used twice";
    if (key.secret.size() < kMinKeyBytes) {
      return "key '" + key.id + "' is " + std::to_string(key.secret.size()) + " bytes; at least " +
             std::to_string(kMinKeyBytes) + " (256 bits) are required";
    }
    if (key.useForSigning)
      ++signing;
  }
  if (signing != 1) {
    return "exactly one key must have use_for_signing: true (found " + std::to_string(signing) +
           ")";
  }
  return std::nullopt;
}

TokenKeys::TokenKeys(std::vector<TokenKey> keys) : keys_(std::move(keys)) {
  if (auto problem = checkKeySet(keys_))
    throw std::invalid_argument(*problem);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i].useForSigning)
      signing_ = i;
  }
}

TokenKeys TokenKeys::fromConfig(const AuthConfig& config, const std::filesystem::path& dataDir) {
  std::vector<TokenKey> keys;
  for (const auto& entry : config.keys) {
    TokenKey key{entry.id, entry.secret, entry.use_for_signing};
    if (!entry.generated_file.empty()) {
      std::filesystem::path file(entry.generated_file);
      if (file.is_relative())
        file = dataDir / file;
      key.secret = ensureKeyFile(file);
    }
    // Config already registered inline secrets; generated ones are new to the redactor.
    log::registerSecret(key.secret);
    keys.push_back(std::move(key));
  }
  return TokenKeys(std::move(keys));
}

const TokenKey* TokenKeys::find(std::string_view id) const {
  for (const auto& key : keys_) {
    if (key.id == id)
      return &key;
  }
  return nullptr;
}

}  // namespace streamit::auth
