#include "log/logger.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <sstream>

namespace streamit::log {
namespace {

class LoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setOutput(&out_);
    setLevel(Level::kInfo);
  }
  void TearDown() override {
    setOutput(nullptr);
    clearSecretsForTesting();
  }
  std::ostringstream out_;
};

TEST_F(LoggerTest, WritesOneJsonObjectPerLineWithFields) {
  RequestIdScope scope("r-42");
  Logger("storage").info("migrated \"ok\"\n", {{"version", "3"}});
  const std::string line = out_.str();
  ASSERT_EQ(line.back(), '\n');
  Poco::JSON::Parser parser;
  auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(object->getValue<std::string>("level"), "info");
  EXPECT_EQ(object->getValue<std::string>("component"), "storage");
  EXPECT_EQ(object->getValue<std::string>("request_id"), "r-42");
  EXPECT_EQ(object->getValue<std::string>("msg"), "migrated \"ok\"\n");
  EXPECT_EQ(object->getValue<std::string>("version"), "3");
  EXPECT_GT(object->getValue<long long>("ts"), 1700000000000LL);
}

TEST_F(LoggerTest, DropsLinesBelowLevel) {
  setLevel(Level::kWarn);
  Logger("x").info("hidden");
  Logger("x").warn("shown");
  EXPECT_EQ(out_.str().find("hidden"), std::string::npos);
  EXPECT_NE(out_.str().find("shown"), std::string::npos);
}

TEST_F(LoggerTest, RedactsRegisteredSecretsInMessagesAndFields) {
  registerSecret("hunter2-very-secret");
  registerSecret("a\"quoted\"secret");
  Logger("auth").error(
      "login with hunter2-very-secret failed",
      {{"dsn", "postgres://u:hunter2-very-secret@db"}, {"raw", "a\"quoted\"secret"}});
  const std::string line = out_.str();
  EXPECT_EQ(line.find("hunter2-very-secret"), std::string::npos) << line;
  EXPECT_EQ(line.find("quoted"), std::string::npos) << line;
  EXPECT_NE(line.find("[REDACTED]"), std::string::npos);
}

TEST_F(LoggerTest, InvalidUtf8StaysValidJson) {
  Logger("x").info(std::string("bad \xff\xfe bytes"));
  Poco::JSON::Parser parser;
  EXPECT_NO_THROW(parser.parse(out_.str()));
}

TEST(LogLevel, ParsesKnownNamesOnly) {
  Level level{};
  EXPECT_TRUE(parseLevel("debug", level));
  EXPECT_EQ(level, Level::kDebug);
  EXPECT_FALSE(parseLevel("verbose", level));
}

}  // namespace
}  // namespace streamit::log
