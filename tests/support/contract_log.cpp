#include "support/contract_log.h"

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace streamit::testing::contract {
namespace {

const char* logDirectory() {
  // Read-only use; no test changes its environment while running.
  const char* dir = std::getenv("STREAMIT_CONTRACT_LOG");  // NOLINT(concurrency-mt-unsafe)
  return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

std::string currentTestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr)
    return {};
  return std::string(info->test_suite_name()) + "." + info->name();
}

void append(Poco::JSON::Object& record) {
  const char* dir = logDirectory();
  if (dir == nullptr)
    return;
  record.set("test", currentTestName());
  std::ostringstream line;
  record.stringify(line);
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  // One file per process: concurrent test processes never interleave within a line.
  std::ofstream out(std::string(dir) + "/contract-" + std::to_string(::getpid()) + ".jsonl",
                    std::ios::app);
  out << line.str() << '\n';
}

}  // namespace

bool enabled() {
  return logDirectory() != nullptr;
}

void recordHttp(std::string_view method, std::string_view path, int status,
                const std::map<std::string, std::string>& headers, std::string_view body) {
  if (!enabled())
    return;
  Poco::JSON::Object record(Poco::JSON_PRESERVE_KEY_ORDER);
  record.set("kind", "http");
  record.set("method", std::string(method));
  record.set("path", std::string(path));
  record.set("status", status);
  Poco::JSON::Object::Ptr lowered = new Poco::JSON::Object;
  for (const auto& [name, value] : headers) {
    std::string key = name;
    for (char& c : key)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    lowered->set(key, value);
  }
  record.set("headers", lowered);
  record.set("body", std::string(body));
  append(record);
}

void recordWsText(std::string_view path, std::string_view text) {
  if (!enabled())
    return;
  Poco::JSON::Object record(Poco::JSON_PRESERVE_KEY_ORDER);
  record.set("kind", "ws");
  record.set("path", std::string(path));
  record.set("text", std::string(text));
  append(record);
}

void recordWsClose(std::string_view path, std::uint16_t code) {
  if (!enabled())
    return;
  Poco::JSON::Object record(Poco::JSON_PRESERVE_KEY_ORDER);
  record.set("kind", "ws_close");
  record.set("path", std::string(path));
  record.set("code", static_cast<int>(code));
  append(record);
}

}  // namespace streamit::testing::contract
