#include "common/net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace streamit::bench {

namespace {

[[noreturn]] void throwErrno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

std::int64_t nowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void setNonBlocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    throwErrno("fcntl(O_NONBLOCK)");
  }
}

void setNoDelay(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int listenTcp(const std::string& host, std::uint16_t port, bool reusePort, int backlog) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throwErrno("socket");
  }
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (reusePort) {
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    close(fd);
    throw std::runtime_error("bad IPv4 address: " + host);
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    const int saved = errno;
    close(fd);
    errno = saved;
    throwErrno("bind " + host + ":" + std::to_string(port));
  }
  if (listen(fd, backlog) < 0) {
    throwErrno("listen");
  }
  return fd;
}

std::uint16_t boundPort(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) < 0) {
    throwErrno("getsockname");
  }
  return ntohs(addr.sin_port);
}

std::uint64_t raiseFdLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

Url parseUrl(std::string_view text) {
  Url url;
  const auto schemeEnd = text.find("://");
  if (schemeEnd == std::string_view::npos) {
    throw std::runtime_error("URL without scheme: " + std::string(text));
  }
  url.scheme = std::string(text.substr(0, schemeEnd));
  text.remove_prefix(schemeEnd + 3);
  const auto pathStart = text.find('/');
  std::string_view authority = text.substr(0, pathStart);
  if (pathStart != std::string_view::npos) {
    url.path = std::string(text.substr(pathStart));
  }
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    url.host = std::string(authority);
    url.port = (url.scheme == "https" || url.scheme == "wss") ? 443 : 80;
  } else {
    url.host = std::string(authority.substr(0, colon));
    url.port = static_cast<std::uint16_t>(std::stoi(std::string(authority.substr(colon + 1))));
  }
  if (url.host == "localhost") {
    url.host = "127.0.0.1";
  }
  return url;
}

std::string queryParam(std::string_view target, std::string_view key) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) {
    return {};
  }
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) {
      break;
    }
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace streamit::bench
