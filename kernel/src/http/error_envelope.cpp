#include "http/error_envelope.h"

#include <algorithm>
#include <string>

#include "util/json_escape.h"

namespace streamit::http {

std::string renderErrorBody(const ErrorCode& code, const std::string& message,
                            const std::map<std::string, std::string>& details) {
  std::string body = "{\"error\":{\"code\":";
  body += util::jsonQuote(code.code);
  body += ",\"message\":";
  body += util::jsonQuote(message);
  body += ",\"details\":{";
  bool first = true;
  for (const auto& [key, value] : details) {
    if (!first)
      body += ',';
    first = false;
    body += util::jsonQuote(key) + ":" + util::jsonQuote(value);
  }
  body += "}}}";
  return body;
}

Response errorResponse(const ErrorCode& code, const std::string& message,
                       const std::map<std::string, std::string>& details) {
  auto response = Response::json(code.httpStatus, renderErrorBody(code, message, details));
  // A refusal that says when to come back also says it the standard way (RFC 9110 §10.2.3),
  // rounded up to whole seconds.
  if (const auto retry = details.find("retry_after_ms"); retry != details.end()) {
    const long long ms = std::stoll(retry->second);
    response.headers["Retry-After"] = std::to_string(std::max(1LL, (ms + 999) / 1000));
  }
  return response;
}

}  // namespace streamit::http
