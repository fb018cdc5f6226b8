#pragma once

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamit::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

// Parses "debug" | "info" | "warn" | "error" | "off"; returns false for anything else.
bool parseLevel(std::string_view text, Level& out);
std::string_view levelName(Level level);

using Field = std::pair<std::string, std::string>;
using Fields = std::vector<Field>;

// Process-wide sink configuration. Thread-safe; normally set once at start-up.
void setLevel(Level level);
Level level();
// Lines go to `out` (default std::cerr). The stream must outlive all logging.
void setOutput(std::ostream* out);

// Every registered value is replaced by "[REDACTED]" wherever it appears in a line
// (message or field). Config registers each secret it loads; values shorter than 4 bytes
// are ignored because masking them would mangle ordinary text.
void registerSecret(std::string_view secret);
void clearSecretsForTesting();

// The request id of the work this thread is doing; logged as "request_id" when non-empty.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string requestId);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string previous_;
};
const std::string& currentRequestId();

// A cheap handle tagging lines with a component name. Copyable; holds no resources.
// Writes one JSON object per line: {"ts","level","component","request_id"?,"msg", fields...}.
class Logger {
 public:
  explicit Logger(std::string component) : component_(std::move(component)) {}

  void debug(std::string_view msg, const Fields& fields = {}) const {
    write(Level::kDebug, msg, fields);
  }
  void info(std::string_view msg, const Fields& fields = {}) const {
    write(Level::kInfo, msg, fields);
  }
  void warn(std::string_view msg, const Fields& fields = {}) const {
    write(Level::kWarn, msg, fields);
  }
  void error(std::string_view msg, const Fields& fields = {}) const {
    write(Level::kError, msg, fields);
  }
  void write(Level lvl, std::string_view msg, const Fields& fields) const;

  const std::string& component() const { return component_; }

 private:
  std::string component_;
};

// Formats one line without writing it (pure; used by the sink and by tests).
std::string formatLine(long long tsMs, Level lvl, std::string_view component,
                       std::string_view requestId, std::string_view msg, const Fields& fields);

}  // namespace streamit::log
