// The `auth:` config section: defaults, key sources and the key rules, checked at load time
// so `streamit config check` catches a bad key before any kernel starts.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "config/convert.h"
#include "config/environment.h"
#include "config/kernel_schema.h"
#include "config/loader.h"
#include "log/logger.h"
#include "support/process.h"

namespace streamit::auth {
namespace {

config::KernelConfig load(const std::string& yaml, const std::filesystem::path& baseDir = "/") {
  return config::loadConfigText(yaml, "test.yaml", baseDir, config::MapEnvironment());
}

std::string loadError(const std::string& yaml) {
  try {
    load(yaml);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(AuthConfig, DefaultsMatchTheStruct) {
  const auth::AuthConfig c = load("").auth;
  const auth::AuthConfig d;
  EXPECT_EQ(c.issuer, d.issuer);
  EXPECT_EQ(c.audience, d.audience);
  EXPECT_EQ(c.access_ttl_s, 900);
  EXPECT_EQ(c.refresh_ttl_s, 2'592'000);
  EXPECT_EQ(c.clock_skew_s, 30);
  EXPECT_TRUE(c.guests_may_create_rooms);
  ASSERT_EQ(c.keys.size(), 1U);
  EXPECT_EQ(c.keys[0].id, "local-1");
  EXPECT_EQ(c.keys[0].generated_file, "jwt.key");
  EXPECT_TRUE(c.keys[0].secret.empty());
  EXPECT_TRUE(c.keys[0].use_for_signing);
}

TEST(AuthConfig, SchemaDefaultsEqualStructDefaults) {
  const YAML::Node filled =
      config::applyDefaults(config::kernelSchema(), YAML::Node(YAML::NodeType::Map));
  EXPECT_TRUE(config::validate(config::kernelSchema(), filled).empty());
  const auth::AuthConfig c = config::toKernelConfig(filled, "/").auth;
  const auth::AuthConfig d;
  EXPECT_EQ(c.issuer, d.issuer);
  EXPECT_EQ(c.audience, d.audience);
  EXPECT_EQ(c.access_ttl_s, d.access_ttl_s);
  EXPECT_EQ(c.refresh_ttl_s, d.refresh_ttl_s);
  EXPECT_EQ(c.clock_skew_s, d.clock_skew_s);
  EXPECT_EQ(c.guests_may_create_rooms, d.guests_may_create_rooms);
  ASSERT_EQ(c.keys.size(), d.keys.size());
  EXPECT_EQ(c.keys[0].id, d.keys[0].id);
  EXPECT_EQ(c.keys[0].secret, d.keys[0].secret);
  EXPECT_EQ(c.keys[0].generated_file, d.keys[0].generated_file);
  EXPECT_EQ(c.keys[0].use_for_signing, d.keys[0].use_for_signing);
}

TEST(AuthConfig, ShippedDefaultFileHasTheDefaultAuthSection) {
  const auth::AuthConfig c =
      config::loadConfig(std::string(STREAMIT_SOURCE_DIR) + "/config/streamit.yaml",
                         config::MapEnvironment())
          .auth;
  ASSERT_EQ(c.keys.size(), 1U);
  EXPECT_EQ(c.keys[0].generated_file, auth::AuthConfig().keys[0].generated_file);
  EXPECT_EQ(c.keys[0].id, auth::AuthConfig().keys[0].id);
}

TEST(AuthConfig, KeysFromSecretFilesAndRotation) {
  streamit::testing::TempDir dir("streamit-auth");
  std::ofstream(dir.path() / "new.key") << "new-secret-0123456789abcdef0123456789\n";
  const auth::AuthConfig c = load(R"(
auth:
  guests_may_create_rooms: false
  keys:
    - id: "2026-11"
      secret_file: new.key
      use_for_signing: true
    - id: "2026-05"
      secret: old-secret-0123456789abcdef0123456789
)",
                                  dir.path())
                                 .auth;
  EXPECT_FALSE(c.guests_may_create_rooms);
  ASSERT_EQ(c.keys.size(), 2U);
  EXPECT_EQ(c.keys[0].secret, "new-secret-0123456789abcdef0123456789");
  EXPECT_TRUE(c.keys[0].use_for_signing);
  EXPECT_FALSE(c.keys[1].use_for_signing);  // default: verify-only

  // Both secrets are masked in logs from now on.
  std::ostringstream out;
  log::setOutput(&out);
  log::Logger("test").info(c.keys[0].secret + " " + c.keys[1].secret);
  log::setOutput(nullptr);
  EXPECT_EQ(out.str().find("secret-0123"), std::string::npos) << out.str();
  log::clearSecretsForTesting();
}

TEST(AuthConfig, ShortKeyIsRejectedWithTheKeyNamed) {
  const std::string error = loadError(R"(
auth:
  keys:
    - id: current
      secret: long-enough-secret-0123456789abcdef
      use_for_signing: true
    - id: legacy
      secret: tooshort-secret
)");
  EXPECT_NE(error.find("auth.keys"), std::string::npos) << error;
  EXPECT_NE(error.find("'legacy'"), std::string::npos) << error;
  EXPECT_NE(error.find("at least 32"), std::string::npos) << error;
  EXPECT_EQ(error.find("tooshort-secret"), std::string::npos) << "secret echoed: " << error;
}

TEST(AuthConfig, KeySetRules) {
  EXPECT_NE(loadError(R"(
auth:
  keys:
    - {id: a, secret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, use_for_signing: true}
    - {id: b, secret: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, use_for_signing: true}
)")
                .find("exactly one key"),
            std::string::npos);
  EXPECT_NE(loadError(R"(
auth:
  keys:
    - {id: a, secret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
)")
                .find("exactly one key"),
            std::string::npos);
  EXPECT_NE(loadError(R"(
auth:
  keys:
    - {id: a, secret: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, generated_file: a.key,
       use_for_signing: true}
)")
                .find("auth.keys[0]: key 'a': give exactly one of"),
            std::string::npos);
  EXPECT_NE(loadError("auth:\n  keys:\n    - {use_for_signing: true, generated_file: x}\n")
                .find("auth.keys[0].id"),
            std::string::npos);
  EXPECT_NE(
      loadError("auth:\n  access_ttl_s: 3600\n  refresh_ttl_s: 60\n").find("auth.refresh_ttl_s"),
      std::string::npos);
  EXPECT_NE(loadError("auth:\n  secret_key: x\n").find("auth.secret_key"), std::string::npos);
  EXPECT_NE(
      loadError("auth:\n  keys:\n    - {id: a, generated_file: \"\", use_for_signing: true}\n")
          .find("auth.keys[0].generated_file: expected a file path"),
      std::string::npos);
  EXPECT_NE(loadError("auth:\n  keys: []\n").find("no keys configured"), std::string::npos);
}

}  // namespace
}  // namespace streamit::auth
