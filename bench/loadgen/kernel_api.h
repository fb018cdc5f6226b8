#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// The few StreamIt REST calls the benchmark needs before it can open WebSockets: a guest token
// and a private room. Blocking, one request per connection, no TLS (loopback benchmark).
namespace streamit::bench {

struct HttpResponse {
  int status = 0;
  std::string body;
};

// sourceAddress: local IPv4 to connect from ("" for any). Guest sign-in is rate limited per
// client address, so repeated benchmark runs can spread over 127.0.0.x.
HttpResponse httpPost(const std::string& host, std::uint16_t port, std::string_view path,
                      std::string_view jsonBody, std::string_view authorization,
                      const std::string& sourceAddress);

// The string value of a top-level-or-nested "key":"value" pair (first occurrence); empty if absent.
std::string jsonStringField(std::string_view json, std::string_view key);

struct KernelSession {
  std::string hostToken;
  std::string viewerToken;
  std::string roomCode;
};

// POST /api/v1/auth/guest twice (host, viewers) and POST /api/v1/rooms with the host token.
// Throws std::runtime_error with the server's answer on any failure.
KernelSession openKernelSession(const std::string& host, std::uint16_t port,
                                const std::string& sourceAddress);

}  // namespace streamit::bench
