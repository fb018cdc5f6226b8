#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Small POSIX helpers shared by the reference server and the load client. Errors are reported
// by throwing std::runtime_error with errno text; none of these keep state.
namespace streamit::bench {

// Monotonic clock in nanoseconds (CLOCK_MONOTONIC), comparable across threads of one process.
std::int64_t nowNs();

void setNonBlocking(int fd);
void setNoDelay(int fd);

// A listening, non-blocking TCP socket on host:port (port 0: any). reusePort lets several
// threads of one server accept on the same port.
int listenTcp(const std::string& host, std::uint16_t port, bool reusePort, int backlog = 4096);
std::uint16_t boundPort(int fd);

// Raises RLIMIT_NOFILE to its hard limit; returns the new soft limit.
std::uint64_t raiseFdLimit();

// ws://host:port/path or http://host:port/path. Only plain TCP (the benchmark runs on loopback).
struct Url {
  std::string scheme;
  std::string host;
  std::uint16_t port = 0;
  std::string path = "/";
};
Url parseUrl(std::string_view text);

// The value of `key` in a query string "a=1&room=x" (empty when absent).
std::string queryParam(std::string_view target, std::string_view key);

}  // namespace streamit::bench
