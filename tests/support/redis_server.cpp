#include "support/redis_server.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace streamit::testing {
namespace {

std::string findOnPath(const std::string& name) {
  const std::string path = envOr("PATH", "/usr/bin:/bin");
  std::stringstream stream(path);
  std::string dir;
  while (std::getline(stream, dir, ':')) {
    const auto candidate = std::filesystem::path(dir) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec))
      return candidate.string();
  }
  return {};
}

}  // namespace

RedisServer::RedisServer() : dir_("streamit-redis"), port_(freeTcpPort()) {}

RedisServer::~RedisServer() {
  if (process_ && paused_)
    process_->sendSignal(SIGCONT);
  if (process_)
    process_->stop(SIGKILL, std::chrono::seconds(5));
}

bool RedisServer::available() {
  return !findOnPath("redis-server").empty();
}

void RedisServer::start() {
  const std::string binary = findOnPath("redis-server");
  if (binary.empty())
    throw std::runtime_error("redis-server not found on PATH");
  ChildProcess::Options options;
  options.argv = {binary,
                  "--port",
                  std::to_string(port_),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--dir",
                  dir_.path().string(),
                  "--protected-mode",
                  "no"};
  options.logFile = dir_.path() / "redis.log";
  process_ = std::make_unique<ChildProcess>(options);
  paused_ = false;
  if (!waitForTcp(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("redis-server did not start on port " + std::to_string(port_) + ": " +
                             log());
  }
}

void RedisServer::stop() {
  if (!process_)
    return;
  if (paused_)
    resume();
  process_->stop(SIGTERM, std::chrono::seconds(5));
  process_.reset();
}

void RedisServer::kill() {
  if (!process_)
    return;
  process_->stop(SIGKILL, std::chrono::seconds(5));
  process_.reset();
  paused_ = false;
}

void RedisServer::restart() {
  kill();
  start();
}

void RedisServer::pause() {
  if (!process_)
    return;
  process_->sendSignal(SIGSTOP);
  paused_ = true;
}

void RedisServer::resume() {
  if (!process_)
    return;
  process_->sendSignal(SIGCONT);
  paused_ = false;
}

bool RedisServer::running() {
  return process_ && process_->running();
}

std::string RedisServer::log() const {
  return process_ ? process_->readLog() : std::string();
}

}  // namespace streamit::testing
