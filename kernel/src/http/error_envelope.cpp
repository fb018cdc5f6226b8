#include "http/error_envelope.h"

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
  return Response::json(code.httpStatus, renderErrorBody(code, message, details));
}

}  // namespace streamit::http
