#include "local_scheme.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <stdexcept>
#include <variant>

#include "credential_policy.h"
#include "display_name.h"
#include "streamit/sdk/config_reader.h"

namespace streamit::local {
namespace {

// Bounds before any policy or hashing sees the input; the kernel bounds the body as well.
constexpr std::size_t kMaxFieldBytes = 1024;
constexpr std::string_view kBadCredentials = "invalid username or password";

struct Account {
  std::int64_t id = 0;
  std::string username;
  std::string displayName;
  std::string passwordHash;
};

class AccountCapture final : public sdk::AccountSinkV1 {
 public:
  void account(const StreamItAccount* pod) noexcept override {
    if (pod == nullptr || pod->struct_size < sizeof(StreamItAccount))
      return;
    try {
      value = Account{pod->id, sdk::toString(pod->username), sdk::toString(pod->display_name),
                      sdk::toString(pod->password_hash)};
      received = true;
    } catch (...) {
      received = false;
    }
  }
  Account value;
  bool received = false;
};

Poco::JSON::Object::Ptr parseObject(std::string_view json) {
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(std::string(json));
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
      return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "credentials: must be a JSON object");
}

std::string field(const Poco::JSON::Object& object, const std::string& name) {
  const auto value = object.get(name);
  if (value.isEmpty() || !value.isString())
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, name + ": is required (a string)");
  auto text = value.extract<std::string>();
  if (text.size() > kMaxFieldBytes)
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, name + ": is too long");
  return text;
}

sdk::Principal principalOf(const Account& account) {
  return sdk::Principal{"user:" + std::to_string(account.id), account.displayName, {}, 0};
}

[[noreturn]] void storeFailed(StreamItStatus status, const char* what) {
  if (status == STREAMIT_STATUS_UNAVAILABLE)
    throw sdk::Error(STREAMIT_STATUS_UNAVAILABLE, "the account database is unavailable");
  throw sdk::Error(STREAMIT_STATUS_ERROR, std::string("account store: ") + what + " failed");
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ScryptParams parseLocalConfig(std::string_view json) {
  const sdk::ConfigReader reader(json.empty() ? std::string_view("{}") : json);
  ScryptParams params;
  if (const auto v = reader.integer("scrypt_log2_n", 14, 20))
    params.log2N = static_cast<std::uint32_t>(*v);
  if (const auto v = reader.integer("scrypt_r", 1, 32))
    params.r = static_cast<std::uint32_t>(*v);
  if (const auto v = reader.integer("scrypt_p", 1, 16))
    params.p = static_cast<std::uint32_t>(*v);
  return params;
}

LocalAuthScheme::LocalAuthScheme(sdk::Host host)
    : host_(host), accounts_(host.accountStore()), params_(parseLocalConfig(host.configJson())) {
  if (accounts_ == nullptr)
    throw std::runtime_error("no account store: auth.local needs a kernel with ABI 1.2 (HostV2)");
  // Same parameters as real hashes, so a login for an unknown user costs what a wrong
  // password costs and timing does not tell which usernames exist.
  dummyHash_ = hashPassword("streamit-dummy-password", params_);
}

sdk::Principal LocalAuthScheme::authenticateCredentials(std::string_view credentials_json) {
  const auto object = parseObject(credentials_json);
  const std::string action = field(*object, "action");
  if (action == "register") {
    return registerAccount(field(*object, "username"), field(*object, "password"),
                           field(*object, "display_name"));
  }
  if (action == "login")
    return login(field(*object, "username"), field(*object, "password"));
  throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, "action: must be 'register' or 'login'");
}

sdk::Principal LocalAuthScheme::registerAccount(const std::string& username,
                                                const std::string& password,
                                                const std::string& displayName) {
  auto normalized = normalizeUsername(username);
  if (const auto* rejected = std::get_if<PolicyRejection>(&normalized))
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, rejected->message);
  const std::string& folded = std::get<std::string>(normalized);
  if (const auto rejected = checkPassword(password, folded))
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, rejected->message);
  auto name = guest::checkDisplayName(displayName, {});
  if (const auto* rejected = std::get_if<guest::NameRejection>(&name))
    throw sdk::Error(STREAMIT_STATUS_INVALID_ARGUMENT, rejected->message);
  const std::string hash = hashPassword(password, params_);
  const std::string& trimmed = std::get<std::string>(name);
  AccountCapture capture;
  const StreamItStatus status =
      accounts_->create(sdk::toStr(folded), sdk::toStr(hash), sdk::toStr(trimmed), capture);
  if (status == STREAMIT_STATUS_CONFLICT)
    throw sdk::Error(STREAMIT_STATUS_CONFLICT, "username: already taken");
  if (status != STREAMIT_STATUS_OK || !capture.received)
    storeFailed(status, "create");
  host_.count("registrations");
  return principalOf(capture.value);
}

sdk::Principal LocalAuthScheme::login(const std::string& username, const std::string& password) {
  auto normalized = normalizeUsername(username);
  // Oversized passwords are refused before hashing: they cannot belong to any account.
  const bool plausible =
      std::holds_alternative<std::string>(normalized) && password.size() <= kMaxPasswordBytes;
  AccountCapture capture;
  StreamItStatus status = STREAMIT_STATUS_NOT_FOUND;
  if (plausible) {
    status = accounts_->find(sdk::toStr(std::get<std::string>(normalized)), capture);
    if (status != STREAMIT_STATUS_OK && status != STREAMIT_STATUS_NOT_FOUND)
      storeFailed(status, "find");
  }
  const bool found = status == STREAMIT_STATUS_OK && capture.received;
  const bool verified =
      verifyPassword(password, found ? capture.value.passwordHash : dummyHash_) && found;
  if (!verified) {
    host_.count("login_failures");
    throw sdk::Error(STREAMIT_STATUS_DENIED, std::string(kBadCredentials));
  }
  // Best effort after the password is proven: a failure here must not refuse the sign-in.
  if (needsRehash(capture.value.passwordHash, params_))
    accounts_->setPasswordHash(capture.value.id, sdk::toStr(hashPassword(password, params_)));
  accounts_->recordLogin(capture.value.id, nowMs());
  return principalOf(capture.value);
}

sdk::Principal LocalAuthScheme::validate(std::string_view) {
  throw sdk::Error(STREAMIT_STATUS_DENIED, "auth.local issues no tokens of its own");
}

}  // namespace streamit::local
