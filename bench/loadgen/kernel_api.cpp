#include "loadgen/kernel_api.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace streamit::bench {

HttpResponse httpPost(const std::string& host, std::uint16_t port, std::string_view path,
                      std::string_view jsonBody, std::string_view authorization,
                      const std::string& sourceAddress) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error("socket failed");
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (!sourceAddress.empty()) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    inet_pton(AF_INET, sourceAddress.c_str(), &source.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) < 0) {
      close(fd);
      throw std::runtime_error("bind " + sourceAddress + ": " + std::strerror(errno));
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    const std::string why = std::strerror(errno);
    close(fd);
    throw std::runtime_error("connect " + host + ":" + std::to_string(port) + ": " + why);
  }
  std::string request = "POST " + std::string(path) + " HTTP/1.1\r\nHost: " + host + ":" +
                        std::to_string(port) +
                        "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        "Content-Length: " +
                        std::to_string(jsonBody.size()) + "\r\n";
  if (!authorization.empty()) {
    request += "Authorization: " + std::string(authorization) + "\r\n";
  }
  request += "\r\n";
  request += jsonBody;
  std::size_t offset = 0;
  while (offset < request.size()) {
    const ssize_t sent = send(fd, request.data() + offset, request.size() - offset, MSG_NOSIGNAL);
    if (sent <= 0) {
      close(fd);
      throw std::runtime_error("send failed");
    }
    offset += static_cast<std::size_t>(sent);
  }
  std::string response;
  char buffer[16384];
  for (;;) {
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) {
      break;
    }
    response.append(buffer, static_cast<std::size_t>(got));
    // Stop at a complete Content-Length body: keep-alive servers may not close.
    const auto headEnd = response.find("\r\n\r\n");
    if (headEnd != std::string::npos) {
      std::string lowerHead = response.substr(0, headEnd);
      for (auto& c : lowerHead) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      const auto cl = lowerHead.find("content-length:");
      if (cl != std::string::npos) {
        const std::size_t length = std::stoul(lowerHead.substr(cl + 15));
        if (response.size() >= headEnd + 4 + length) {
          break;
        }
      }
    }
  }
  close(fd);
  HttpResponse result;
  if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0) {
    throw std::runtime_error("no HTTP response from " + host + ":" + std::to_string(port));
  }
  result.status = std::stoi(response.substr(9, 3));
  const auto headEnd = response.find("\r\n\r\n");
  if (headEnd != std::string::npos) {
    result.body = response.substr(headEnd + 4);
  }
  return result;
}

std::string jsonStringField(std::string_view json, std::string_view key) {
  std::string quoted;
  quoted.reserve(key.size() + 2);
  quoted.push_back('"');
  quoted.append(key);
  quoted.push_back('"');
  auto pos = json.find(quoted);
  if (pos == std::string_view::npos) {
    return {};
  }
  pos = json.find(':', pos + quoted.size());
  if (pos == std::string_view::npos) {
    return {};
  }
  pos = json.find('"', pos);
  if (pos == std::string_view::npos) {
    return {};
  }
  const auto end = json.find('"', pos + 1);
  if (end == std::string_view::npos) {
    return {};
  }
  return std::string(json.substr(pos + 1, end - pos - 1));
}

namespace {

std::string guestToken(const std::string& host, std::uint16_t port, const std::string& name,
                       const std::string& sourceAddress) {
  const auto response = httpPost(host, port, "/api/v1/auth/guest",
                                 "{\"display_name\":\"" + name + "\"}", {}, sourceAddress);
  const std::string token = jsonStringField(response.body, "access_token");
  if (response.status != 200 && response.status != 201) {
    throw std::runtime_error("POST /api/v1/auth/guest: " + std::to_string(response.status) + " " +
                             response.body);
  }
  if (token.empty()) {
    throw std::runtime_error("POST /api/v1/auth/guest: no access_token in " + response.body);
  }
  return token;
}

}  // namespace

KernelSession openKernelSession(const std::string& host, std::uint16_t port,
                                const std::string& sourceAddress) {
  KernelSession session;
  session.hostToken = guestToken(host, port, "bench-host", sourceAddress);
  session.viewerToken = guestToken(host, port, "bench-viewer", sourceAddress);
  const auto response =
      httpPost(host, port, "/api/v1/rooms", R"({"title":"bench","is_public":false})",
               "Bearer " + session.hostToken, sourceAddress);
  if (response.status != 200 && response.status != 201) {
    throw std::runtime_error("POST /api/v1/rooms: " + std::to_string(response.status) + " " +
                             response.body);
  }
  session.roomCode = jsonStringField(response.body, "code");
  if (session.roomCode.empty()) {
    throw std::runtime_error("POST /api/v1/rooms: no code in " + response.body);
  }
  return session;
}

}  // namespace streamit::bench
