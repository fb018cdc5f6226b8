#pragma once

#include <map>
#include <string>

#include "http/error_codes.h"
#include "http/message.h"

namespace streamit::http {

// {"error":{"code","message","details"}} — the only shape an HTTP error takes.
std::string renderErrorBody(const ErrorCode& code, const std::string& message,
                            const std::map<std::string, std::string>& details = {});
Response errorResponse(const ErrorCode& code, const std::string& message,
                       const std::map<std::string, std::string>& details = {});

}  // namespace streamit::http
