#include "log/logger.h"

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>

#include "util/json_escape.h"

namespace streamit::log {
namespace {

constexpr std::string_view kRedacted = "[REDACTED]";
constexpr std::size_t kMinSecretLength = 4;

struct Sink {
  std::mutex mutex;
  std::ostream* out = &std::cerr;
  std::vector<std::string> secrets;
};

Sink& sink() {
  static Sink instance;
  return instance;
}

std::atomic<Level>& levelRef() {
  static std::atomic<Level> value{Level::kInfo};
  return value;
}

thread_local std::string tlsRequestId;

void redactInPlace(std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kRedacted.size())) {
      text.replace(pos, secret.size(), kRedacted);
    }
  }
}

}  // namespace

bool parseLevel(std::string_view text, Level& out) {
  static constexpr std::pair<std::string_view, Level> kNames[] = {{"debug", Level::kDebug},
                                                                  {"info", Level::kInfo},
                                                                  {"warn", Level::kWarn},
                                                                  {"error", Level::kError},
                                                                  {"off", Level::kOff}};
  for (const auto& [name, value] : kNames) {
    if (name == text) {
      out = value;
      return true;
    }
  }
  return false;
}

std::string_view levelName(Level lvl) {
  switch (lvl) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "unknown";
}

void setLevel(Level lvl) {
  levelRef().store(lvl);
}
Level level() {
  return levelRef().load();
}

void setOutput(std::ostream* out) {
  std::lock_guard lock(sink().mutex);
  sink().out = out != nullptr ? out : &std::cerr;
}

void registerSecret(std::string_view secret) {
  if (secret.size() < kMinSecretLength)
    return;
  std::lock_guard lock(sink().mutex);
  // The JSON-escaped form is what actually appears in a line, so register that too.
  std::string escaped;
  util::appendJsonEscaped(escaped, secret);
  for (const std::string& form : {std::string(secret), escaped}) {
    bool known = false;
    for (const auto& existing : sink().secrets)
      known = known || existing == form;
    if (!known)
      sink().secrets.push_back(form);
  }
}

void clearSecretsForTesting() {
  std::lock_guard lock(sink().mutex);
  sink().secrets.clear();
}

RequestIdScope::RequestIdScope(std::string requestId) : previous_(std::move(tlsRequestId)) {
  tlsRequestId = std::move(requestId);
}
RequestIdScope::~RequestIdScope() {
  tlsRequestId = std::move(previous_);
}
const std::string& currentRequestId() {
  return tlsRequestId;
}

std::string formatLine(long long tsMs, Level lvl, std::string_view component,
                       std::string_view requestId, std::string_view msg, const Fields& fields) {
  std::string line;
  line.reserve(96 + msg.size());
  line += "{\"ts\":";
  line += std::to_string(tsMs);
  line += ",\"level\":\"";
  line += levelName(lvl);
  line += "\",\"component\":";
  line += util::jsonQuote(component);
  if (!requestId.empty()) {
    line += ",\"request_id\":";
    line += util::jsonQuote(requestId);
  }
  line += ",\"msg\":";
  line += util::jsonQuote(msg);
  for (const auto& [key, value] : fields) {
    line += ',';
    line += util::jsonQuote(key);
    line += ':';
    line += util::jsonQuote(value);
  }
  line += "}\n";
  return line;
}

void Logger::write(Level lvl, std::string_view msg, const Fields& fields) const {
  if (lvl < level() || lvl == Level::kOff)
    return;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string line = formatLine(now, lvl, component_, tlsRequestId, msg, fields);
  std::lock_guard lock(sink().mutex);
  redactInPlace(line, sink().secrets);
  *sink().out << line << std::flush;
}

}  // namespace streamit::log
