#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "auth/key_file.h"
#include "auth/token_keys.h"
#include "auth/token_service.h"
#include "log/logger.h"
#include "support/process.h"

namespace streamit::auth {
namespace {

constexpr std::int64_t kNow = 1'750'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef";  // exactly 32 bytes

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CheckKeySet, Rules) {
  EXPECT_EQ(checkKeySet({{"a", kSecret, true}}), std::nullopt);
  EXPECT_EQ(checkKeySet({{"a", kSecret, true}, {"b", kSecret, false}}), std::nullopt);
  EXPECT_NE(checkKeySet({}), std::nullopt);
  const auto shortKey = checkKeySet({{"a", kSecret, true}, {"old", "tiny-secret", false}});
  ASSERT_TRUE(shortKey.has_value());
  EXPECT_NE(shortKey->find("'old'"), std::string::npos) << *shortKey;
  EXPECT_EQ(shortKey->find("tiny-secret"), std::string::npos);  // never echo a secret
  EXPECT_NE(checkKeySet({{"a", kSecret, true}, {"b", kSecret, true}}), std::nullopt);
  EXPECT_NE(checkKeySet({{"a", kSecret, false}}), std::nullopt);
  EXPECT_NE(checkKeySet({{"a", kSecret, true}, {"a", kSecret, false}}), std::nullopt);
  EXPECT_NE(checkKeySet({{"", kSecret, true}}), std::nullopt);
  EXPECT_NE(checkKeySet({{"a b", kSecret, true}}), std::nullopt);
  EXPECT_NE(checkKeySet({{"a\"}", kSecret, true}}), std::nullopt);
  EXPECT_THROW(TokenKeys({{"a", "too-short", true}}), std::invalid_argument);
}

TEST(KeyFile, GeneratedWithMode0600AndReused) {
  streamit::testing::TempDir dir("streamit-auth");
  const auto path = dir.path() / "nested" / "jwt.key";
  const std::string first = ensureKeyFile(path);
  EXPECT_GE(first.size(), kMinKeyBytes);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(ensureKeyFile(path), first);    // reused, not regenerated
  EXPECT_EQ(readFile(path), first + "\n");  // text, so it also works as a secret_file
  // No temporary files are left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(path.parent_path()))
    ++entries;
  EXPECT_EQ(entries, 1U);
  // Another file gets another key.
  EXPECT_NE(ensureKeyFile(dir.path() / "other.key"), first);
}

TEST(KeyFile, ShortOrUnreadableExistingFileIsAnError) {
  streamit::testing::TempDir dir("streamit-auth");
  std::ofstream(dir.path() / "short.key") << "tiny\n";
  try {
    ensureKeyFile(dir.path() / "short.key");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("short.key"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ensureKeyFile(dir.path() / "short.key" / "below-a-file"), std::runtime_error);
}

TEST(TokenKeys, FromConfigGeneratesRegistersAndSurvivesRestart) {
  streamit::testing::TempDir dir("streamit-auth");
  AuthConfig config;  // the default: one generated key, data_dir/jwt.key
  std::string token;
  {
    const TokenService service(TokenKeys::fromConfig(config, dir.path()),
                               TokenPolicy::fromConfig(config));
    token = service
                .issue(Principal{"user:1", "Bob", UserKind::kAccount, {"room:join"}},
                       TokenType::kAccess, kNow)
                .token;
  }
  ASSERT_TRUE(std::filesystem::exists(dir.path() / "jwt.key"));
  // "Restart": a new service from the same config and data dir accepts the old token.
  const TokenKeys keys = TokenKeys::fromConfig(config, dir.path());
  const TokenService restarted(keys, TokenPolicy::fromConfig(config));
  EXPECT_TRUE(restarted.verify(token, TokenType::kAccess, kNow + 5).ok);

  // The generated secret is masked in logs.
  std::ostringstream out;
  log::setOutput(&out);
  log::Logger("test").error("leak " + keys.signingKey().secret);
  log::setOutput(nullptr);
  EXPECT_EQ(out.str().find(keys.signingKey().secret), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("[REDACTED]"), std::string::npos) << out.str();
  log::clearSecretsForTesting();
}

TEST(TokenKeys, InlineSecretsAndRotation) {
  AuthConfig config;
  config.keys = {{"new", kSecret + "-new", "", true}, {"old", kSecret + "-old", "", false}};
  const TokenKeys keys = TokenKeys::fromConfig(config, "/nonexistent");
  EXPECT_EQ(keys.signingKey().id, "new");
  ASSERT_NE(keys.find("old"), nullptr);
  EXPECT_FALSE(keys.find("old")->useForSigning);
  EXPECT_EQ(keys.find("missing"), nullptr);
  log::clearSecretsForTesting();
}

}  // namespace
}  // namespace streamit::auth
