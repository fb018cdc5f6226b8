#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

// Contract mode (issue #16): when the environment variable STREAMIT_CONTRACT_LOG names a
// directory, the test clients (httpRequest, WsClient) append every HTTP response and every
// received WebSocket text message and close code to <dir>/contract-<pid>.jsonl, one JSON
// object per line with the running GoogleTest test's name. web/contract/check-traffic.mjs
// validates the records against docs/api/openapi.yaml and asyncapi.yaml after the suites ran
// (ctest fixture "contract_traffic", tests/contract/CMakeLists.txt). Without the variable
// every function here does nothing. Thread-safe.
namespace streamit::testing::contract {

bool enabled();

// One HTTP exchange as the client saw it. `path` includes the query string.
void recordHttp(std::string_view method, std::string_view path, int status,
                const std::map<std::string, std::string>& headers, std::string_view body);

// One text message received on the WebSocket opened at `path`.
void recordWsText(std::string_view path, std::string_view text);

// The close code the server sent on the WebSocket opened at `path`.
void recordWsClose(std::string_view path, std::uint16_t code);

}  // namespace streamit::testing::contract
